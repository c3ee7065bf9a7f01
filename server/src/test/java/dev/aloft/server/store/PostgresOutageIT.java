package dev.aloft.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.server.infra.RealComponents;
import dev.aloft.server.infra.TcpForwarder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away and coming back, through a forwarder in front of the infra's server: calls
 * fail with UNAVAILABLE naming PostgreSQL and its address, then work again by themselves, and what
 * was written before is still there. An unreachable server at start is refused with a message that
 * names it.
 */
class PostgresOutageIT {

  private final RealComponents infra = RealComponents.load();
  private final String prefix =
      "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
  private TcpForwarder forwarder;
  private PostgresStoreBackend store;

  private PostgresStoreSettings settings(int port) {
    URI target = URI.create(infra.get("ALOFT_POSTGRES_JDBC_URL").substring("jdbc:".length()));
    return new PostgresStoreSettings(
        "jdbc:postgresql://127.0.0.1:" + port + target.getPath(),
        infra.get("ALOFT_POSTGRES_USER"),
        infra.get("ALOFT_POSTGRES_PASSWORD"),
        2,
        prefix,
        Duration.ofSeconds(3));
  }

  @BeforeEach
  void startForwarder() throws Exception {
    URI target = URI.create(infra.get("ALOFT_POSTGRES_JDBC_URL").substring("jdbc:".length()));
    forwarder = new TcpForwarder(target.getHost(), target.getPort());
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (store != null) {
      store.close();
    }
    forwarder.close();
    try (Connection connection =
            DriverManager.getConnection(
                infra.get("ALOFT_POSTGRES_JDBC_URL"),
                infra.get("ALOFT_POSTGRES_USER"),
                infra.get("ALOFT_POSTGRES_PASSWORD"));
        Statement statement = connection.createStatement();
        var rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, '"
                        + prefix
                        + "')")) {
      java.util.List<String> schemas = new java.util.ArrayList<>();
      while (rows.next()) {
        schemas.add(rows.getString(1));
      }
      for (String schema : schemas) {
        statement.execute("DROP SCHEMA " + PostgresStoreNames.quoted(schema) + " CASCADE");
      }
    }
  }

  @Test
  void callsFailUnavailableWhilePostgresIsAwayAndRecoverByThemselves() throws Exception {
    store = PostgresStoreBackend.open(settings(forwarder.port()), Clock.systemUTC());
    store.write("acme", "acme", "t", record("before", "kept"));

    forwarder.stop();

    assertThatThrownBy(() -> store.write("acme", "acme", "t", record("during", "x")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription())
                  .contains("PostgreSQL at jdbc:postgresql://127.0.0.1:" + forwarder.port());
            });
    assertThatThrownBy(() -> store.read("acme", "acme", "t", "before"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

    forwarder.start();

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        store.write("acme", "acme", "t", record("after", "new"));
        break;
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(System.nanoTime()).as("recovered within 60s").isLessThan(deadline);
        Thread.sleep(250);
      }
    }
    assertThat(text(store.read("acme", "acme", "t", "before").orElseThrow())).isEqualTo("kept");
    assertThat(store.list("acme", "acme", "t", KeyQuery.all())).containsExactly("after", "before");
  }

  @Test
  void connectionsBrokenWhileIdleAreNotHandedOutOnceItIsBack() throws Exception {
    store = PostgresStoreBackend.open(settings(forwarder.port()), Clock.systemUTC());
    store.write("acme", "acme", "t", record("before", "kept"));

    // the pooled connections break while nobody uses them, and PostgreSQL is back at once
    forwarder.stop();
    forwarder.start();
    Thread.sleep(PostgresStoreBackend.IDLE_VALIDATION.toMillis() + 200);

    assertThat(text(store.read("acme", "acme", "t", "before").orElseThrow())).isEqualTo("kept");
    store.write("acme", "acme", "t", record("after", "new"));
    assertThat(store.list("acme", "acme", "t", KeyQuery.all())).containsExactly("after", "before");
  }

  @Test
  void anUnreachableServerAtStartIsRefusedNamingIt() throws Exception {
    forwarder.stop();

    assertThatThrownBy(
            () -> PostgresStoreBackend.open(settings(forwarder.port()), Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "store: PostgreSQL at jdbc:postgresql://127.0.0.1:" + forwarder.port());
  }

  private static StoreRecord record(String key, String value) {
    return new StoreRecord(key, value.getBytes(StandardCharsets.UTF_8), Map.of(), null);
  }

  private static String text(StoreRecord record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }
}
