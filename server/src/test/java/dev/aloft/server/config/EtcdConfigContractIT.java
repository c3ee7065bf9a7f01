package dev.aloft.server.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.server.etcd.EtcdConnection;
import dev.aloft.server.etcd.EtcdSettings;
import dev.aloft.server.etcd.InfraEtcd;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The config contract on the etcd of {@code infra/up}: each test under a key prefix of its own,
 * with a secret key file of its own; a restart is a new client and backend on the same prefix and
 * key file.
 */
class EtcdConfigContractIT extends ConfigContractTest {

  private final List<EtcdConnection> connections = new ArrayList<>();
  private EtcdSettings settings;
  private Path keyFile;

  @Override
  protected ConfigBackend openFresh() {
    settings = InfraEtcd.uniquePrefix("config");
    try {
      keyFile =
          Files.createDirectories(Path.of("target", "contract-data", "etcd-config-keys"))
              .resolve(settings.keyPrefix().replace('/', '_') + ".key");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return reopen();
  }

  @Override
  protected ConfigBackend reopen() {
    EtcdConnection etcd = new EtcdConnection(settings);
    connections.add(etcd);
    return new EtcdConfigBackend(etcd, SecretCipher.loadOrCreate(keyFile), Clock.systemUTC());
  }

  @Override
  protected String storedAtRest() {
    StringBuilder text = new StringBuilder();
    for (KeyValue kv :
        connections
            .get(0)
            .await(
                "dump",
                () ->
                    connections
                        .get(0)
                        .kv()
                        .get(prefixKey(), GetOption.builder().isPrefix(true).build()))
            .getKvs()) {
      text.append(kv.getKey().toString(UTF_8))
          .append('=')
          .append(kv.getValue().toString(UTF_8))
          .append('\n');
    }
    return text.toString();
  }

  private ByteSequence prefixKey() {
    return ByteSequence.from(settings.keyPrefix() + "/", UTF_8);
  }

  @Test
  void getReportsTheVersionOfValuesWrittenBeforeTheChangeIndexExisted() throws Exception {
    config.set(ACME, "db", "{\"pool\":5}", false); // 1
    config.set(ACME, "other", "1", false); // 2
    config.set(ACME, "db.url", "\"x\"", false); // 3
    // as a server before the index wrote it: values and history, no changed/ keys
    ByteSequence index =
        ByteSequence.from(settings.keyPrefix() + "/config/" + ACME + "/changed/", UTF_8);
    connections
        .get(0)
        .kv()
        .delete(index, DeleteOption.builder().isPrefix(true).build())
        .get(10, TimeUnit.SECONDS);

    assertThat(config.get(ACME, "db", 0, false).version()).isEqualTo(3);
    assertThat(config.get(ACME, "db.pool", 0, false).version()).isEqualTo(1);
    assertThat(config.get(ACME, "other", 0, false).version()).isEqualTo(2);

    config.set(ACME, "db.pool", "6", false); // 4: indexed, newer than everything before it
    assertThat(config.get(ACME, "db", 0, false).version()).isEqualTo(4);
    assertThat(config.get(ACME, "db.url", 0, false).version()).isEqualTo(3);
  }

  @AfterEach
  void removeKeysAndDisconnect() throws Exception {
    connections
        .get(0)
        .kv()
        .delete(prefixKey(), DeleteOption.builder().isPrefix(true).build())
        .get(10, TimeUnit.SECONDS);
    connections.forEach(EtcdConnection::close);
    connections.clear();
  }
}
