package dev.aloft.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The store in the server's embedded SQL database: one table {@code store_records} whose primary
 * key (namespace, database, table, key) is the index that serves exact reads and ascending prefix
 * scans. Expiry is checked on every read against the clock; {@link #deleteExpired} removes the
 * rows, through an index on the expiry time.
 *
 * <p>The SQL is the shape PostgreSQL also accepts.
 */
public final class EmbeddedStoreBackend implements StoreBackend {

  private static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS store_records (
            namespace_name VARCHAR(253) NOT NULL,
            db_name VARCHAR(320) NOT NULL,
            tbl_name VARCHAR(128) NOT NULL,
            record_key VARCHAR(1024) NOT NULL,
            record_value BYTEA NOT NULL,
            metadata_json TEXT NOT NULL,
            expires_at BIGINT,
            PRIMARY KEY (namespace_name, db_name, tbl_name, record_key))""",
          "CREATE INDEX IF NOT EXISTS store_records_by_expiry ON store_records (expires_at)");

  private static final String LIVE = " AND (expires_at IS NULL OR expires_at > ?)";
  private static final String IN_TABLE =
      " WHERE namespace_name = ? AND db_name = ? AND tbl_name = ?";
  private static final String DUPLICATE_KEY = "23505";

  private final DataSource dataSource;
  private final Clock clock;

  public EmbeddedStoreBackend(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the store tables: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoreRecord> read(String namespace, String database, String table, String key) {
    checkTable(namespace, database, table);
    StoreLimits.key(key, "key");
    String sql =
        "SELECT record_key, record_value, metadata_json, expires_at FROM store_records"
            + IN_TABLE
            + " AND record_key = ?"
            + LIVE;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      int next = bindTable(select, namespace, database, table);
      select.setString(next++, key);
      select.setLong(next, now());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(record(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw storageFailure("read", e);
    }
  }

  @Override
  public List<StoreRecord> read(String namespace, String database, String table, KeyQuery query) {
    checkTable(namespace, database, table);
    StoreLimits.query(query);
    List<StoreRecord> records = new ArrayList<>();
    select(
        "record_key, record_value, metadata_json, expires_at",
        namespace,
        database,
        table,
        query,
        rows -> records.add(record(rows)));
    return records;
  }

  @Override
  public List<String> list(String namespace, String database, String table, KeyQuery query) {
    checkTable(namespace, database, table);
    StoreLimits.query(query);
    List<String> keys = new ArrayList<>();
    select("record_key", namespace, database, table, query, rows -> keys.add(rows.getString(1)));
    return keys;
  }

  @Override
  public void write(String namespace, String database, String table, StoreRecord record) {
    checkTable(namespace, database, table);
    StoreLimits.record(record);
    String metadata = RecordMetadataJson.print(record.metadata());
    Long expiresAt = record.expiresAt() == null ? null : record.expiresAt().toEpochMilli();
    try (Connection connection = dataSource.getConnection()) {
      if (update(connection, namespace, database, table, record, metadata, expiresAt)) {
        return;
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO store_records (namespace_name, db_name, tbl_name, record_key,"
                  + " record_value, metadata_json, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        int next = bindTable(insert, namespace, database, table);
        insert.setString(next++, record.key());
        insert.setBytes(next++, record.value());
        insert.setString(next++, metadata);
        setNullableLong(insert, next, expiresAt);
        insert.executeUpdate();
      } catch (SQLException e) {
        // Another writer inserted the same key since our update: ours is the later write.
        if (!DUPLICATE_KEY.equals(e.getSQLState())
            || !update(connection, namespace, database, table, record, metadata, expiresAt)) {
          throw e;
        }
      }
    } catch (SQLException e) {
      throw storageFailure("write", e);
    }
  }

  private static boolean update(
      Connection connection,
      String namespace,
      String database,
      String table,
      StoreRecord record,
      String metadata,
      Long expiresAt)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE store_records SET record_value = ?, metadata_json = ?, expires_at = ?"
                + IN_TABLE
                + " AND record_key = ?")) {
      update.setBytes(1, record.value());
      update.setString(2, metadata);
      setNullableLong(update, 3, expiresAt);
      int next = 4;
      update.setString(next++, namespace);
      update.setString(next++, database);
      update.setString(next++, table);
      update.setString(next, record.key());
      return update.executeUpdate() > 0;
    }
  }

  @Override
  public boolean delete(String namespace, String database, String table, String key) {
    checkTable(namespace, database, table);
    StoreLimits.key(key, "key");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM store_records" + IN_TABLE + " AND record_key = ?" + LIVE)) {
      int next = bindTable(delete, namespace, database, table);
      delete.setString(next++, key);
      delete.setLong(next, now());
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw storageFailure("delete", e);
    }
  }

  @Override
  public List<String> databases(String namespace) {
    StoreLimits.namespace(namespace);
    return names(
        "SELECT DISTINCT db_name FROM store_records WHERE namespace_name = ?"
            + LIVE
            + " ORDER BY db_name",
        namespace);
  }

  @Override
  public List<String> tables(String namespace, String database) {
    StoreLimits.database(namespace, database);
    return names(
        "SELECT DISTINCT tbl_name FROM store_records WHERE namespace_name = ? AND db_name = ?"
            + LIVE
            + " ORDER BY tbl_name",
        namespace,
        database);
  }

  @Override
  public int deleteExpired() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM store_records WHERE expires_at IS NOT NULL AND expires_at <= ?")) {
      delete.setLong(1, now());
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw storageFailure("expiry sweep", e);
    }
  }

  // ---- querying

  private interface RowReader {
    void read(ResultSet rows) throws SQLException;
  }

  private void select(
      String columns,
      String namespace,
      String database,
      String table,
      KeyQuery query,
      RowReader reader) {
    StringBuilder sql =
        new StringBuilder("SELECT ").append(columns).append(" FROM store_records").append(IN_TABLE);
    sql.append(LIVE);
    List<String> patterns = new ArrayList<>();
    if (!query.prefix().isEmpty()) {
      // The lower bound lets the primary key index serve the scan; LIKE decides the match.
      sql.append(" AND record_key >= ? AND record_key LIKE ? ESCAPE '!'");
      patterns.add(query.prefix());
      patterns.add(likeEscaped(query.prefix()) + "%");
    }
    if (!query.suffix().isEmpty()) {
      sql.append(" AND record_key LIKE ? ESCAPE '!'");
      patterns.add("%" + likeEscaped(query.suffix()));
    }
    sql.append(" ORDER BY record_key");
    if (query.limit() > 0) {
      sql.append(" LIMIT ").append(query.limit());
    }
    if (query.offset() > 0) {
      sql.append(" OFFSET ").append(query.offset());
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      int next = bindTable(select, namespace, database, table);
      select.setLong(next++, now());
      for (String pattern : patterns) {
        select.setString(next++, pattern);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    } catch (SQLException e) {
      throw storageFailure("read", e);
    }
  }

  private List<String> names(String sql, String... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      int next = 1;
      for (String parameter : parameters) {
        select.setString(next++, parameter);
      }
      select.setLong(next, now());
      List<String> names = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      return names;
    } catch (SQLException e) {
      throw storageFailure("list", e);
    }
  }

  private static StoreRecord record(ResultSet rows) throws SQLException {
    long expiresAt = rows.getLong(4);
    boolean expires = !rows.wasNull();
    return new StoreRecord(
        rows.getString(1),
        rows.getBytes(2),
        RecordMetadataJson.parse(rows.getString(3)),
        expires ? Instant.ofEpochMilli(expiresAt) : null);
  }

  private static int bindTable(
      PreparedStatement statement, String namespace, String database, String table)
      throws SQLException {
    statement.setString(1, namespace);
    statement.setString(2, database);
    statement.setString(3, table);
    return 4;
  }

  private static void setNullableLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static String likeEscaped(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private long now() {
    return clock.millis();
  }

  private static void checkTable(String namespace, String database, String table) {
    StoreLimits.database(namespace, database);
    StoreLimits.table(table);
  }

  private static RuntimeException storageFailure(String operation, SQLException e) {
    return new IllegalStateException(
        "store "
            + operation
            + " failed in the embedded database (SQL state "
            + e.getSQLState()
            + ")",
        e);
  }
}
