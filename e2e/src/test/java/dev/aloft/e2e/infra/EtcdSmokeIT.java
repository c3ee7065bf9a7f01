package dev.aloft.e2e.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** etcd from infra/up answers jetcd: put, get, and a watch that sees puts and deletes. */
class EtcdSmokeIT {

  private final InfraEnv infra = InfraEnv.load();

  @Test
  void putGetAndWatchRoundTrip() throws Exception {
    String prefix = "/aloft-smoke/" + UUID.randomUUID() + "/";
    ByteSequence key = bytes(prefix + "greeting");
    try (Client client =
        Client.builder().endpoints(infra.etcdEndpoints().toArray(String[]::new)).build()) {
      KV kv = client.getKVClient();
      try {
        PutResponse first = kv.put(key, bytes("hello")).get(10, SECONDS);

        GetResponse read = kv.get(key).get(10, SECONDS);
        assertThat(read.getKvs()).hasSize(1);
        assertThat(read.getKvs().get(0).getValue().toString(UTF_8)).isEqualTo("hello");

        // Watching from the first put's revision replays it, so no event can be missed.
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        WatchOption fromFirstPut =
            WatchOption.builder()
                .isPrefix(true)
                .withRevision(first.getHeader().getRevision())
                .build();
        try (Watch.Watcher watcher =
            client
                .getWatchClient()
                .watch(
                    bytes(prefix), fromFirstPut, response -> events.addAll(response.getEvents()))) {
          kv.put(key, bytes("hello again")).get(10, SECONDS);
          kv.delete(key).get(10, SECONDS);

          assertEvent(events.poll(10, SECONDS), WatchEvent.EventType.PUT, "hello");
          assertEvent(events.poll(10, SECONDS), WatchEvent.EventType.PUT, "hello again");
          assertEvent(events.poll(10, SECONDS), WatchEvent.EventType.DELETE, "");
        }
        assertThat(kv.get(key).get(10, SECONDS).getCount()).isZero();
      } finally {
        kv.delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build()).get(10, SECONDS);
      }
    }
  }

  private static void assertEvent(WatchEvent event, WatchEvent.EventType type, String value) {
    assertThat(event).as("watch event %s %s within 10 s", type, value).isNotNull();
    assertThat(event.getEventType()).isEqualTo(type);
    assertThat(event.getKeyValue().getValue().toString(UTF_8)).isEqualTo(value);
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, UTF_8);
  }
}
