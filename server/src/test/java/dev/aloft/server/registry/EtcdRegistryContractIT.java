package dev.aloft.server.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.aloft.server.etcd.EtcdConnection;
import dev.aloft.server.etcd.InfraEtcd;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.DeleteOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The registry contract on the etcd of {@code infra/up}, under a key prefix of this run; TTLs are
 * etcd leases, so letting time pass is waiting.
 */
class EtcdRegistryContractIT extends RegistryContractTest {

  private static EtcdConnection etcd;

  @BeforeAll
  static void connect() {
    etcd = new EtcdConnection(InfraEtcd.uniquePrefix("registry"));
    etcd.checkReachable();
  }

  @AfterAll
  static void removeKeysAndDisconnect() throws Exception {
    etcd.kv()
        .delete(
            ByteSequence.from(etcd.settings().keyPrefix() + "/", UTF_8),
            DeleteOption.builder().isPrefix(true).build())
        .get(10, TimeUnit.SECONDS);
    etcd.close();
  }

  @Override
  protected RegistryBackend newBackend() {
    return new EtcdRegistryBackend(etcd, Clock.systemUTC());
  }

  @Override
  protected void letTimePass(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
