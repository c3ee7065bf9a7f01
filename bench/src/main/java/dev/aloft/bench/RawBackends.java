package dev.aloft.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.DeleteOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baselines of the store and config benchmark: the same operations straight on each backend,
 * from this process, one connection per caller. The SQL is what the server's backends run for a
 * write and an exact read (EmbeddedStoreBackend, PostgresStoreBackend); config's baseline is a
 * plain upsert/select of the value (H2) or a put/get (etcd), without the versions and history the
 * platform keeps.
 */
final class RawBackends {

  private RawBackends() {}

  interface Store {
    void write(int caller, String key, byte[] value) throws Exception;

    boolean read(int caller, String key) throws Exception;
  }

  interface Config {
    void set(int caller, String path, String json) throws Exception;

    boolean get(int caller, String path) throws Exception;
  }

  /** An H2 file database as the server opens its own (PostgreSQL mode), in this process. */
  static final class H2 implements Store, Config, AutoCloseable {
    private static final String LIVE = " AND (expires_at IS NULL OR expires_at > ?)";
    private final List<Connection> connections = new ArrayList<>();

    H2(Path file, int callers) throws SQLException {
      String url =
          "jdbc:h2:file:"
              + file
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
      for (int i = 0; i < callers; i++) {
        connections.add(DriverManager.getConnection(url, "sa", ""));
      }
      try (Statement ddl = connections.get(0).createStatement()) {
        ddl.execute(
            "CREATE TABLE store_records (namespace_name VARCHAR NOT NULL, db_name VARCHAR NOT NULL,"
                + " tbl_name VARCHAR NOT NULL, record_key VARCHAR NOT NULL, record_value BYTEA"
                + " NOT NULL, metadata_json TEXT NOT NULL, expires_at BIGINT, PRIMARY KEY"
                + " (namespace_name, db_name, tbl_name, record_key))");
        ddl.execute(
            "CREATE TABLE config_values (namespace_name VARCHAR NOT NULL, config_path VARCHAR NOT"
                + " NULL, value_text TEXT NOT NULL, secret BOOLEAN NOT NULL, PRIMARY KEY"
                + " (namespace_name, config_path))");
      }
    }

    @Override
    public void write(int caller, String key, byte[] value) throws SQLException {
      Connection connection = connections.get(caller);
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE store_records SET record_value = ?, metadata_json = ?, expires_at = ?"
                  + " WHERE namespace_name = ? AND db_name = ? AND tbl_name = ? AND record_key = ?")) {
        update.setBytes(1, value);
        update.setString(2, "{}");
        update.setNull(3, Types.BIGINT);
        update.setString(4, "bench");
        update.setString(5, "bench");
        update.setString(6, "default");
        update.setString(7, key);
        if (update.executeUpdate() > 0) {
          return;
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO store_records (namespace_name, db_name, tbl_name, record_key,"
                  + " record_value, metadata_json, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, "bench");
        insert.setString(2, "bench");
        insert.setString(3, "default");
        insert.setString(4, key);
        insert.setBytes(5, value);
        insert.setString(6, "{}");
        insert.setNull(7, Types.BIGINT);
        insert.executeUpdate();
      }
    }

    @Override
    public boolean read(int caller, String key) throws SQLException {
      try (PreparedStatement select =
          connections
              .get(caller)
              .prepareStatement(
                  "SELECT record_key, record_value, metadata_json, expires_at FROM store_records"
                      + " WHERE namespace_name = ? AND db_name = ? AND tbl_name = ?"
                      + " AND record_key = ?"
                      + LIVE)) {
        select.setString(1, "bench");
        select.setString(2, "bench");
        select.setString(3, "default");
        select.setString(4, key);
        select.setLong(5, System.currentTimeMillis());
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() && rows.getBytes(2) != null;
        }
      }
    }

    @Override
    public void set(int caller, String path, String json) throws SQLException {
      Connection connection = connections.get(caller);
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE config_values SET value_text = ?, secret = FALSE"
                  + " WHERE namespace_name = ? AND config_path = ?")) {
        update.setString(1, json);
        update.setString(2, "bench");
        update.setString(3, path);
        if (update.executeUpdate() > 0) {
          return;
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO config_values (namespace_name, config_path, value_text, secret)"
                  + " VALUES (?, ?, ?, FALSE)")) {
        insert.setString(1, "bench");
        insert.setString(2, path);
        insert.setString(3, json);
        insert.executeUpdate();
      }
    }

    @Override
    public boolean get(int caller, String path) throws SQLException {
      try (PreparedStatement select =
          connections
              .get(caller)
              .prepareStatement(
                  "SELECT value_text, secret FROM config_values"
                      + " WHERE namespace_name = ? AND config_path = ?")) {
        select.setString(1, "bench");
        select.setString(2, path);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() && rows.getString(1) != null;
        }
      }
    }

    @Override
    public void close() throws SQLException {
      for (Connection connection : connections) {
        connection.close();
      }
    }
  }

  /** PostgreSQL of infra/up: a schema of this run, a table shaped as PostgresStoreBackend's. */
  static final class Postgres implements Store, AutoCloseable {
    private final List<Connection> connections = new ArrayList<>();
    private final String schemaPrefix;
    private final String table;

    Postgres(InfraEnv infra, String run, int callers) throws SQLException {
      schemaPrefix = "ab" + run + "_";
      table = "\"" + schemaPrefix + "raw\".records";
      for (int i = 0; i < callers; i++) {
        connections.add(
            DriverManager.getConnection(
                infra.postgresUrl(), infra.postgresUser(), infra.postgresPassword()));
      }
      try (Statement ddl = connections.get(0).createStatement()) {
        ddl.execute("CREATE SCHEMA \"" + schemaPrefix + "raw\"");
        ddl.execute(
            "CREATE TABLE "
                + table
                + " (record_key TEXT COLLATE \"C\" PRIMARY KEY, record_value BYTEA NOT NULL,"
                + " metadata_json TEXT NOT NULL, expires_at BIGINT)");
      }
    }

    @Override
    public void write(int caller, String key, byte[] value) throws SQLException {
      try (PreparedStatement upsert =
          connections
              .get(caller)
              .prepareStatement(
                  "INSERT INTO "
                      + table
                      + " (record_key, record_value, metadata_json, expires_at) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (record_key) DO UPDATE SET record_value ="
                      + " EXCLUDED.record_value, metadata_json = EXCLUDED.metadata_json,"
                      + " expires_at = EXCLUDED.expires_at")) {
        upsert.setString(1, key);
        upsert.setBytes(2, value);
        upsert.setString(3, "{}");
        upsert.setNull(4, Types.BIGINT);
        upsert.executeUpdate();
      }
    }

    @Override
    public boolean read(int caller, String key) throws SQLException {
      try (PreparedStatement select =
          connections
              .get(caller)
              .prepareStatement(
                  "SELECT record_key, record_value, metadata_json, expires_at FROM "
                      + table
                      + " WHERE record_key = ? AND (expires_at IS NULL OR expires_at > ?)")) {
        select.setString(1, key);
        select.setLong(2, System.currentTimeMillis());
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() && rows.getBytes(2) != null;
        }
      }
    }

    /** Drops every schema of this run: the baseline's and the ones the server made. */
    @Override
    public void close() throws SQLException {
      try (Statement statement = connections.get(0).createStatement()) {
        List<String> schemas = new ArrayList<>();
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '"
                    + schemaPrefix
                    + "%'")) {
          while (rows.next()) {
            schemas.add(rows.getString(1));
          }
        }
        for (String schema : schemas) {
          statement.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
        }
      } finally {
        for (Connection connection : connections) {
          connection.close();
        }
      }
    }
  }

  /** etcd of infra/up, under a prefix of this run (the server's config keys live beside it). */
  static final class Etcd implements Config, AutoCloseable {
    private final Client client;
    private final KV kv;
    private final String prefix;

    Etcd(InfraEnv infra, String run) {
      client = Client.builder().endpoints(infra.etcdEndpoints().split(",")).build();
      kv = client.getKVClient();
      prefix = "/aloft-bench-" + run;
    }

    private ByteSequence key(String path) {
      return ByteSequence.from(prefix + "/raw/" + path, StandardCharsets.UTF_8);
    }

    @Override
    public void set(int caller, String path, String json) throws Exception {
      kv.put(key(path), ByteSequence.from(json, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    }

    @Override
    public boolean get(int caller, String path) throws Exception {
      return kv.get(key(path)).get(10, TimeUnit.SECONDS).getCount() == 1;
    }

    /** Deletes every key of this run: the baseline's and the server's. */
    @Override
    public void close() throws Exception {
      try {
        kv.delete(
                ByteSequence.from(prefix + "/", StandardCharsets.UTF_8),
                DeleteOption.builder().isPrefix(true).build())
            .get(10, TimeUnit.SECONDS);
      } finally {
        client.close();
      }
    }
  }
}
