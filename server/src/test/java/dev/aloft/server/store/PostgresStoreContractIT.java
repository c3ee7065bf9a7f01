package dev.aloft.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.server.infra.RealComponents;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the infra's PostgreSQL ({@code infra.env}). Each test has a schema prefix
 * of its own, so its schemas never meet another run's, and drops them afterwards.
 */
class PostgresStoreContractIT extends StoreContractTest {

  private final RealComponents infra = RealComponents.load();
  private final String prefix =
      "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
  private PostgresStoreBackend backend;

  PostgresStoreSettings settings() {
    return new PostgresStoreSettings(
        infra.get("ALOFT_POSTGRES_JDBC_URL"),
        infra.get("ALOFT_POSTGRES_USER"),
        infra.get("ALOFT_POSTGRES_PASSWORD"),
        4,
        prefix,
        Duration.ofSeconds(10));
  }

  @Override
  protected StoreBackend openFresh(Clock clock) {
    backend = PostgresStoreBackend.open(settings(), clock);
    return backend;
  }

  @Override
  protected StoreBackend reopen(Clock clock) {
    backend.close();
    return openFresh(clock);
  }

  @AfterEach
  void dropSchemas() throws SQLException {
    backend.close();
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String schema : schemas(connection)) {
        statement.execute("DROP SCHEMA " + PostgresStoreNames.quoted(schema) + " CASCADE");
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        infra.get("ALOFT_POSTGRES_JDBC_URL"),
        infra.get("ALOFT_POSTGRES_USER"),
        infra.get("ALOFT_POSTGRES_PASSWORD"));
  }

  private List<String> schemas(Connection connection) throws SQLException {
    List<String> schemas = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, ?) ORDER BY nspname")) {
      select.setString(1, prefix);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          schemas.add(rows.getString(1));
        }
      }
    }
    return schemas;
  }

  // ---- PostgreSQL only: the layout and the plans

  @Test
  void eachDatabaseIsASchemaAndEachTableATable() throws SQLException {
    store.write(ACME, ACME, "orders", record("k", "v", Map.of(), null));
    store.write(ACME, "acme.archive", "Orders.2024", record("k", "v", Map.of(), null));

    PostgresStoreNames names = new PostgresStoreNames(prefix);
    try (Connection connection = connect()) {
      assertThat(schemas(connection))
          .containsExactlyInAnyOrder(
              names.catalogSchema(), names.schema(ACME, ACME), names.schema(ACME, "acme.archive"));
      assertThat(tables(connection, names.schema(ACME, ACME))).containsExactly("orders");
      assertThat(tables(connection, names.schema(ACME, "acme.archive")))
          .singleElement()
          .asString()
          .startsWith("t_orders_2024_");
    }
  }

  @Test
  void prefixAndSuffixQueriesUseIndexesNotTableScans() throws Exception {
    store.write(ACME, ACME, "big", record("seed", "v", Map.of(), null));
    PostgresStoreNames names = new PostgresStoreNames(prefix);
    String table = PostgresStoreNames.qualified(names.schema(ACME, ACME), "big");
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + table
              + " SELECT 'user:' || n || ':' || (n % 97), '\\x00', '{}', NULL"
              + " FROM generate_series(1, 20000) n");
      statement.execute("ANALYZE " + table);
    }
    // PostgreSQL publishes a connection's statistics when it idles or ends: end the pool's
    // connections (which created the table and its indexes) and wait until the counts settle
    store = reopen(clock);
    long seqScansBefore = settled(table, "seq_scan");
    long indexScansBefore = settled(table, "idx_scan");

    assertThat(store.list(ACME, ACME, "big", new KeyQuery("user:1234:", "", 0, 0)))
        .containsExactly("user:1234:70");
    assertThat(store.list(ACME, ACME, "big", new KeyQuery("", ":1234:70", 0, 0)))
        .containsExactly("user:1234:70");
    List<String> expectedPage =
        java.util.stream.IntStream.rangeClosed(1, 20000)
            .mapToObj(n -> "user:" + n + ":" + (n % 97))
            .filter(key -> key.startsWith("user:19"))
            .sorted()
            .skip(2)
            .limit(3)
            .toList();
    assertThat(store.list(ACME, ACME, "big", new KeyQuery("user:19", "", 3, 2)))
        .containsExactlyElementsOf(expectedPage);

    store = reopen(clock);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (scans(table, "idx_scan") < indexScansBefore + 3 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(scans(table, "idx_scan")).isGreaterThanOrEqualTo(indexScansBefore + 3);
    assertThat(scans(table, "seq_scan")).isEqualTo(seqScansBefore);
  }

  private long settled(String qualifiedTable, String column) throws Exception {
    long previous = -1;
    long current = scans(qualifiedTable, column);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (current != previous && System.nanoTime() < deadline) {
      Thread.sleep(1500);
      previous = current;
      current = scans(qualifiedTable, column);
    }
    return current;
  }

  private long scans(String qualifiedTable, String column) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT coalesce("
                    + column
                    + ", 0) FROM pg_stat_user_tables WHERE relid = ?::regclass")) {
      select.setString(1, qualifiedTable);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  private static List<String> tables(Connection connection, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY tablename")) {
      select.setString(1, schema);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
    }
    return tables;
  }
}
