package dev.aloft.server.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.server.infra.PackagedServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server told to use a backend it cannot reach, or one that does not exist, stops before it says
 * it is ready and before it creates the platform admin: exit 1 (unreachable) or 2 (bad setting),
 * one line naming the backend and its address or the setting, no stack trace.
 */
class BackendProblemsAtStartIT {

  @TempDir Path tmp;

  @Test
  void anUnreachablePostgresStopsTheServerWithOneLineNamingIt() throws Exception {
    int closed = PackagedServer.freePort();
    assertStopsWith(
        1,
        "aloft server: store: PostgreSQL at jdbc:postgresql://127.0.0.1:" + closed + "/aloft",
        "-Daloft.store.backend=postgres",
        "-Daloft.store.postgres.url=jdbc:postgresql://127.0.0.1:" + closed + "/aloft",
        "-Daloft.store.postgres.user=aloft");
  }

  @Test
  void anUnreachableNatsStopsTheServerWithOneLineNamingIt() throws Exception {
    int closed = PackagedServer.freePort();
    assertStopsWith(
        1,
        "aloft server: events: NATS at nats://127.0.0.1:" + closed + " is unreachable",
        "-Daloft.events.backend=jetstream",
        "-Daloft.events.jetstream.url=nats://127.0.0.1:" + closed);
  }

  @Test
  void aMissingSettingStopsTheServerWithOneLineNamingIt() throws Exception {
    assertStopsWith(
        2,
        "aloft server: aloft.store.postgres.url is required with aloft.store.backend=postgres",
        "-Daloft.store.backend=postgres");
  }

  @Test
  void anUnknownBackendStopsTheServerWithOneLineNamingTheSetting() throws Exception {
    assertStopsWith(
        2,
        "aloft server: aloft.events.backend 'kafka' is not an events backend: use embedded or"
            + " jetstream",
        "-Daloft.events.backend=kafka");
    assertStopsWith(
        2,
        "aloft server: aloft.registry.backend must be embedded or etcd, got 'zookeeper'",
        "-Daloft.registry.backend=zookeeper");
  }

  private void assertStopsWith(int exitCode, String linePrefix, String... properties)
      throws Exception {
    Path dataDir = tmp.resolve("data-" + System.nanoTime());
    PackagedServer server = PackagedServer.start(dataDir, List.of(properties));
    assertThat(server.awaitExit()).as(server.output()).isEqualTo(exitCode);
    String output = server.output();
    List<String> ours = output.lines().filter(line -> line.startsWith("aloft server:")).toList();
    assertThat(ours).as(output).hasSize(1);
    assertThat(ours.get(0)).startsWith(linePrefix);
    assertThat(output).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("ready");
    assertThat(dataDir.resolve("admin-secret")).as("no admin was created").doesNotExist();
  }
}
