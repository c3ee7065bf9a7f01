package dev.aloft.server.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.grpc.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store on PostgreSQL: a schema per database of a namespace and a table per store table (names
 * mapped by {@link PostgresStoreNames}), created on first write and recorded in a catalog table.
 * Each table's key is {@code text COLLATE "C"}, so its primary key serves exact reads and prefix
 * ranges; an index on {@code reverse(key)} serves suffix ranges, a partial index on the expiry time
 * serves the sweep. Prefix, suffix, limit and offset are all done by PostgreSQL. Expiry is checked
 * on every read against this backend's clock.
 *
 * <p>Connections come from an Agroal pool that this backend owns: one idle for {@link
 * #IDLE_VALIDATION} or more is validated when borrowed, and one that fails with a connection error
 * is discarded, so after PostgreSQL went away and came back the pool replaces broken connections by
 * itself. While PostgreSQL cannot be reached every call fails with UNAVAILABLE naming it.
 */
public final class PostgresStoreBackend implements StoreBackend, AutoCloseable {

  /** The SQL state PostgreSQL reports for a table that does not exist. */
  private static final String UNDEFINED_TABLE = "42P01";

  private static final String UNDEFINED_SCHEMA = "3F000";

  /** How long a pooled connection may stay unused before it is checked when borrowed. */
  static final Duration IDLE_VALIDATION = Duration.ofSeconds(1);

  private static final String LIVE = "(expires_at IS NULL OR expires_at > ?)";
  private static final String COLUMNS = "record_key, record_value, metadata_json, expires_at";

  private final AgroalDataSource pool;
  private final PostgresStoreSettings settings;
  private final PostgresStoreNames names;
  private final Clock clock;
  private final String catalog;
  private final Set<String> createdTables = ConcurrentHashMap.newKeySet();

  private PostgresStoreBackend(AgroalDataSource pool, PostgresStoreSettings settings, Clock clock) {
    this.pool = pool;
    this.settings = settings;
    this.names = new PostgresStoreNames(settings.schemaPrefix());
    this.clock = clock;
    this.catalog = PostgresStoreNames.qualified(names.catalogSchema(), "store_tables");
  }

  /**
   * Opens the pool, checks that PostgreSQL answers, and creates the catalog when missing.
   *
   * @throws IllegalStateException naming the server when it cannot be reached or refuses the login
   */
  public static PostgresStoreBackend open(PostgresStoreSettings settings, Clock clock) {
    AgroalDataSource pool;
    try {
      pool = AgroalDataSource.from(poolConfiguration(settings));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "store: cannot set up the PostgreSQL pool for " + settings.address() + ": " + e, e);
    }
    PostgresStoreBackend backend = new PostgresStoreBackend(pool, settings, clock);
    try {
      backend.createCatalog();
    } catch (SQLException e) {
      pool.close();
      throw new IllegalStateException(
          "store: PostgreSQL at "
              + settings.address()
              + " (user "
              + settings.user()
              + ") is not usable: "
              + firstLine(e),
          e);
    }
    return backend;
  }

  private static AgroalDataSourceConfigurationSupplier poolConfiguration(
      PostgresStoreSettings settings) {
    return new AgroalDataSourceConfigurationSupplier()
        .connectionPoolConfiguration(
            pool ->
                pool.minSize(0)
                    .initialSize(0)
                    .maxSize(settings.poolSize())
                    .acquisitionTimeout(settings.connectTimeout())
                    // a round trip before every call would double the calls PostgreSQL answers:
                    // only a connection idle for a while is checked before it is handed out, and
                    // one that fails with a connection error is discarded instead of reused
                    .idleValidationTimeout(IDLE_VALIDATION)
                    .connectionValidator(ConnectionValidator.defaultValidator())
                    .exceptionSorter(new PostgreSQLExceptionSorter())
                    .connectionFactoryConfiguration(
                        factory ->
                            factory
                                .connectionProviderClass(org.postgresql.Driver.class)
                                .jdbcUrl(settings.jdbcUrl())
                                .loginTimeout(settings.connectTimeout())
                                .principal(new NamePrincipal(settings.user()))
                                .credential(new SimplePassword(settings.password()))
                                .jdbcProperty("ApplicationName", "aloft-store")
                                .jdbcProperty(
                                    "connectTimeout",
                                    Long.toString(settings.connectTimeout().toSeconds()))));
  }

  private void createCatalog() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("SELECT pg_advisory_xact_lock(" + ddlLock() + ")");
      statement.execute(
          "CREATE SCHEMA IF NOT EXISTS " + PostgresStoreNames.quoted(names.catalogSchema()));
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + catalog
              + " (namespace_name TEXT NOT NULL, db_name TEXT NOT NULL, tbl_name TEXT NOT NULL,"
              + " schema_name TEXT NOT NULL, table_name TEXT NOT NULL,"
              + " PRIMARY KEY (namespace_name, db_name, tbl_name),"
              + " UNIQUE (schema_name, table_name))");
      connection.commit();
    }
  }

  /** One advisory lock serialises this store's DDL (rare: the first write of a table). */
  private long ddlLock() {
    return ("aloft-store:" + names.prefix()).hashCode();
  }

  @Override
  public void close() {
    pool.close();
  }

  // ---- records

  @Override
  public Optional<StoreRecord> read(String namespace, String database, String table, String key) {
    checkTable(namespace, database, table);
    StoreLimits.key(key, "key");
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + sqlTable(namespace, database, table)
            + " WHERE record_key = ? AND "
            + LIVE;
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, key);
      select.setLong(2, now());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(record(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      if (isMissingTable(e)) {
        return Optional.empty();
      }
      throw failure("read", e);
    }
  }

  @Override
  public List<StoreRecord> read(String namespace, String database, String table, KeyQuery query) {
    checkTable(namespace, database, table);
    StoreLimits.query(query);
    List<StoreRecord> records = new ArrayList<>();
    select(COLUMNS, namespace, database, table, query, rows -> records.add(record(rows)));
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
    String sql =
        "INSERT INTO "
            + sqlTable(namespace, database, table)
            + " ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?) ON CONFLICT (record_key) DO UPDATE SET"
            + " record_value = EXCLUDED.record_value, metadata_json = EXCLUDED.metadata_json,"
            + " expires_at = EXCLUDED.expires_at";
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = pool.getConnection()) {
        ensureTable(connection, namespace, database, table);
        try (PreparedStatement upsert = connection.prepareStatement(sql)) {
          upsert.setString(1, record.key());
          upsert.setBytes(2, record.value());
          upsert.setString(3, RecordMetadataJson.print(record.metadata()));
          if (record.expiresAt() == null) {
            upsert.setNull(4, Types.BIGINT);
          } else {
            upsert.setLong(4, record.expiresAt().toEpochMilli());
          }
          upsert.executeUpdate();
          return;
        }
      } catch (SQLException e) {
        if (isMissingTable(e) && attempt == 1) {
          // dropped behind our back since we created it: create it again, once
          createdTables.remove(names.schema(namespace, database) + "." + table);
          continue;
        }
        throw failure("write", e);
      }
    }
  }

  @Override
  public boolean delete(String namespace, String database, String table, String key) {
    checkTable(namespace, database, table);
    StoreLimits.key(key, "key");
    String sql =
        "DELETE FROM " + sqlTable(namespace, database, table) + " WHERE record_key = ? AND " + LIVE;
    try (Connection connection = pool.getConnection();
        PreparedStatement delete = connection.prepareStatement(sql)) {
      delete.setString(1, key);
      delete.setLong(2, now());
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      if (isMissingTable(e)) {
        return false;
      }
      throw failure("delete", e);
    }
  }

  // ---- databases and tables

  @Override
  public List<String> databases(String namespace) {
    StoreLimits.namespace(namespace);
    List<String> databases = new ArrayList<>();
    try (Connection connection = pool.getConnection()) {
      Map<String, List<String[]>> byDatabase =
          catalogEntries(
              connection,
              "SELECT db_name, schema_name, table_name FROM "
                  + catalog
                  + " WHERE namespace_name = ? ORDER BY db_name",
              namespace);
      for (Map.Entry<String, List<String[]>> database : byDatabase.entrySet()) {
        for (String[] located : database.getValue()) {
          if (holdsLiveRecords(connection, located[0], located[1])) {
            databases.add(database.getKey());
            break;
          }
        }
      }
      return databases;
    } catch (SQLException e) {
      throw failure("databases", e);
    }
  }

  @Override
  public List<String> tables(String namespace, String database) {
    StoreLimits.database(namespace, database);
    List<String> tables = new ArrayList<>();
    try (Connection connection = pool.getConnection()) {
      Map<String, List<String[]>> byTable =
          catalogEntries(
              connection,
              "SELECT tbl_name, schema_name, table_name FROM "
                  + catalog
                  + " WHERE namespace_name = ? AND db_name = ? ORDER BY tbl_name",
              namespace,
              database);
      for (Map.Entry<String, List<String[]>> table : byTable.entrySet()) {
        String[] located = table.getValue().get(0);
        if (holdsLiveRecords(connection, located[0], located[1])) {
          tables.add(table.getKey());
        }
      }
      return tables;
    } catch (SQLException e) {
      throw failure("tables", e);
    }
  }

  @Override
  public int deleteExpired() {
    int removed = 0;
    try (Connection connection = pool.getConnection()) {
      Map<String, List<String[]>> all =
          catalogEntries(
              connection,
              "SELECT schema_name || '.' || table_name, schema_name, table_name FROM " + catalog);
      for (List<String[]> located : all.values()) {
        String sql =
            "DELETE FROM "
                + PostgresStoreNames.qualified(located.get(0)[0], located.get(0)[1])
                + " WHERE expires_at IS NOT NULL AND expires_at <= ?";
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
          delete.setLong(1, now());
          removed += delete.executeUpdate();
        } catch (SQLException e) {
          if (!isMissingTable(e)) {
            throw e;
          }
        }
      }
      return removed;
    } catch (SQLException e) {
      throw failure("expiry sweep", e);
    }
  }

  /** Catalog rows grouped by their first column (in query order): {schema, table} each. */
  private static Map<String, List<String[]>> catalogEntries(
      Connection connection, String sql, String... parameters) throws SQLException {
    Map<String, List<String[]>> entries = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          entries
              .computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
              .add(new String[] {rows.getString(2), rows.getString(3)});
        }
      }
    }
    return entries;
  }

  private boolean holdsLiveRecords(Connection connection, String schema, String table)
      throws SQLException {
    String sql =
        "SELECT EXISTS (SELECT 1 FROM "
            + PostgresStoreNames.qualified(schema, table)
            + " WHERE "
            + LIVE
            + ")";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, now());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    } catch (SQLException e) {
      if (isMissingTable(e)) {
        return false;
      }
      throw e;
    }
  }

  // ---- tables on demand

  private String sqlTable(String namespace, String database, String table) {
    return PostgresStoreNames.qualified(
        names.schema(namespace, database), PostgresStoreNames.table(table));
  }

  /** Creates the schema and table of a store table, with its indexes, unless known to exist. */
  private void ensureTable(Connection connection, String namespace, String database, String table)
      throws SQLException {
    String schema = names.schema(namespace, database);
    String sqlTable = PostgresStoreNames.table(table);
    if (createdTables.contains(schema + "." + table)) {
      return;
    }
    String qualified = PostgresStoreNames.qualified(schema, sqlTable);
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement();
        PreparedStatement register =
            connection.prepareStatement(
                "INSERT INTO "
                    + catalog
                    + " (namespace_name, db_name, tbl_name, schema_name, table_name)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      statement.execute("SELECT pg_advisory_xact_lock(" + ddlLock() + ")");
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + PostgresStoreNames.quoted(schema));
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + qualified
              + " (record_key TEXT COLLATE \"C\" PRIMARY KEY,"
              + " record_value BYTEA NOT NULL,"
              + " metadata_json TEXT NOT NULL,"
              + " expires_at BIGINT)");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS "
              + PostgresStoreNames.quoted(sqlTable + "_sfx")
              + " ON "
              + qualified
              + " ((reverse(record_key)))");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS "
              + PostgresStoreNames.quoted(sqlTable + "_exp")
              + " ON "
              + qualified
              + " (expires_at) WHERE expires_at IS NOT NULL");
      register.setString(1, namespace);
      register.setString(2, database);
      register.setString(3, table);
      register.setString(4, schema);
      register.setString(5, sqlTable);
      register.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailed) {
        e.addSuppressed(rollbackFailed);
      }
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
    createdTables.add(schema + "." + table);
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
        new StringBuilder("SELECT ")
            .append(columns)
            .append(" FROM ")
            .append(sqlTable(namespace, database, table))
            .append(" WHERE ")
            .append(LIVE);
    List<String> bounds = new ArrayList<>();
    if (!query.prefix().isEmpty()) {
      // [prefix, next string after every key with that prefix): a range on the primary key
      sql.append(" AND record_key >= ?");
      bounds.add(query.prefix());
      Optional<String> upper = KeyRange.upperBound(query.prefix());
      if (upper.isPresent()) {
        sql.append(" AND record_key < ?");
        bounds.add(upper.get());
      }
    }
    if (!query.suffix().isEmpty()) {
      // the same on the reversed key, served by the reverse(record_key) index
      String reversed = KeyRange.reversed(query.suffix());
      sql.append(" AND reverse(record_key) >= ?");
      bounds.add(reversed);
      Optional<String> upper = KeyRange.upperBound(reversed);
      if (upper.isPresent()) {
        sql.append(" AND reverse(record_key) < ?");
        bounds.add(upper.get());
      }
    }
    sql.append(" ORDER BY record_key LIMIT ? OFFSET ?");
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      int next = 1;
      select.setLong(next++, now());
      for (String bound : bounds) {
        select.setString(next++, bound);
      }
      if (query.limit() > 0) {
        select.setLong(next++, query.limit());
      } else {
        select.setNull(next++, Types.BIGINT);
      }
      select.setLong(next, query.offset());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    } catch (SQLException e) {
      if (isMissingTable(e)) {
        return;
      }
      throw failure("read", e);
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

  private long now() {
    return clock.millis();
  }

  private static void checkTable(String namespace, String database, String table) {
    StoreLimits.database(namespace, database);
    StoreLimits.table(table);
  }

  // ---- failures

  private static boolean isMissingTable(SQLException e) {
    return UNDEFINED_TABLE.equals(e.getSQLState()) || UNDEFINED_SCHEMA.equals(e.getSQLState());
  }

  /**
   * Whether PostgreSQL could not be reached or went away (connection exceptions, server shutting
   * down, no connection within the pool's timeout): the caller may try again later.
   */
  static boolean isUnavailable(SQLException e) {
    String state = e.getSQLState();
    if (e instanceof SQLTransientException || state == null) {
      return true;
    }
    return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
  }

  private RuntimeException failure(String operation, SQLException e) {
    if (isUnavailable(e)) {
      return Status.UNAVAILABLE
          .withDescription(
              "store backend PostgreSQL at "
                  + settings.address()
                  + " is unavailable ("
                  + firstLine(e)
                  + "); try again later")
          .withCause(e)
          .asRuntimeException();
    }
    return new IllegalStateException(
        "store " + operation + " failed in PostgreSQL (SQL state " + e.getSQLState() + ")", e);
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
