package dev.aloft.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aloft.server.config.ConfigChange.Operation;
import dev.aloft.server.config.ConfigDocument.Leaf;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Config in the server's embedded SQL database. {@code config_values} holds the current leaves of
 * every namespace's config (one row per leaf); {@code config_history} holds every change, from
 * which reads at a version are replayed. Secret values are encrypted in both. Watchers are served
 * in process, after each change commits.
 *
 * <p>The SQL is the shape PostgreSQL also accepts.
 */
public final class EmbeddedConfigBackend implements ConfigBackend {

  private static final Logger LOG = Logger.getLogger(EmbeddedConfigBackend.class);

  private static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS config_values (
            namespace_name VARCHAR(253) NOT NULL,
            config_path VARCHAR(256) NOT NULL,
            value_text TEXT NOT NULL,
            secret BOOLEAN NOT NULL,
            PRIMARY KEY (namespace_name, config_path))""",
          """
          CREATE TABLE IF NOT EXISTS config_history (
            namespace_name VARCHAR(253) NOT NULL,
            version BIGINT NOT NULL,
            config_path VARCHAR(256) NOT NULL,
            operation VARCHAR(8) NOT NULL,
            value_text TEXT,
            secret BOOLEAN NOT NULL,
            changed_at BIGINT NOT NULL,
            PRIMARY KEY (namespace_name, version))""",
          """
          CREATE INDEX IF NOT EXISTS config_history_by_path
            ON config_history (namespace_name, config_path, version)""");

  private final DataSource dataSource;
  private final StoredValues stored;
  private final Clock clock;
  private final Object writeLock = new Object();
  private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();

  public EmbeddedConfigBackend(DataSource dataSource, SecretCipher cipher, Clock clock) {
    this.dataSource = dataSource;
    this.stored = new StoredValues(cipher);
    this.clock = clock;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the config tables: " + e.getMessage(), e);
    }
  }

  @Override
  public ConfigEntry get(String namespace, String path, long version, boolean revealSecrets) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parse(path, "path");
    ConfigRequests.requireVersion(version);
    try (Connection connection = dataSource.getConnection()) {
      long latest = latestVersion(connection, namespace);
      ConfigRequests.requireExisting(namespace, version, latest);
      ConfigDocument document;
      long changedAt;
      if (version == 0) {
        document = new ConfigDocument(loadLeaves(connection, namespace, at, false));
        changedAt = lastChange(connection, namespace, at, latest);
      } else {
        List<ConfigChange> changes = changesTouching(connection, namespace, at, version, 0);
        document = ConfigDocument.replay(changes);
        changedAt = changes.isEmpty() ? 0 : changes.get(changes.size() - 1).version();
      }
      JsonNode value = document.get(at, revealSecrets);
      if (value == null) {
        throw ConfigRequests.noValue(namespace, at, version);
      }
      return new ConfigEntry(value, changedAt);
    } catch (SQLException e) {
      throw storageFailure("get", e);
    }
  }

  @Override
  public ConfigEntry read(String namespace, long version, boolean revealSecrets) {
    ConfigRequests.requireNamespace(namespace);
    ConfigRequests.requireVersion(version);
    try (Connection connection = dataSource.getConnection()) {
      long latest = latestVersion(connection, namespace);
      ConfigRequests.requireExisting(namespace, version, latest);
      if (version == 0) {
        ConfigDocument document =
            new ConfigDocument(loadLeaves(connection, namespace, ConfigPath.ROOT, false));
        return new ConfigEntry(document.get(ConfigPath.ROOT, revealSecrets), latest);
      }
      List<ConfigChange> changes =
          changesTouching(connection, namespace, ConfigPath.ROOT, version, 0);
      return new ConfigEntry(
          ConfigDocument.replay(changes).get(ConfigPath.ROOT, revealSecrets), version);
    } catch (SQLException e) {
      throw storageFailure("read", e);
    }
  }

  @Override
  public long set(String namespace, String path, String value, boolean secret) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parse(path, "path");
    JsonNode parsed = ConfigValues.parse(value, "value");
    return change(
        namespace,
        at,
        document -> document.set(at, parsed, secret),
        new ChangeRecord(Operation.SET, parsed, secret));
  }

  @Override
  public long delete(String namespace, String path) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parse(path, "path");
    return change(
        namespace,
        at,
        document -> {
          if (!document.delete(at)) {
            throw ConfigRequests.nothingToDelete(namespace, at);
          }
        },
        new ChangeRecord(Operation.DELETE, null, false));
  }

  @Override
  public List<ConfigChange> history(
      String namespace, String path, int limit, boolean revealSecrets) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parse(path, "path");
    ConfigRequests.requireLimit(limit);
    try (Connection connection = dataSource.getConnection()) {
      return changesTouching(connection, namespace, at, Long.MAX_VALUE, limit).stream()
          .map(change -> change.rendered(revealSecrets))
          .toList();
    } catch (SQLException e) {
      throw storageFailure("history", e);
    }
  }

  @Override
  public Subscription watch(
      String namespace, String path, boolean revealSecrets, Consumer<ConfigChange> listener) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parseOrRoot(path, "path");
    Watcher watcher = new Watcher(at, revealSecrets, listener);
    List<Watcher> ofNamespace =
        watchers.computeIfAbsent(namespace, key -> new CopyOnWriteArrayList<>());
    ofNamespace.add(watcher);
    return () -> ofNamespace.remove(watcher);
  }

  // ---- writing

  private record ChangeRecord(Operation operation, JsonNode value, boolean secret) {}

  private long change(
      String namespace, ConfigPath at, Consumer<ConfigDocument> operation, ChangeRecord record) {
    ConfigChange change;
    synchronized (writeLock) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        try {
          Map<ConfigPath, Leaf> before = loadLeaves(connection, namespace, at, true);
          ConfigDocument document = new ConfigDocument(before);
          operation.accept(document);
          writeDifference(connection, namespace, before, document.leaves());
          long version = latestVersion(connection, namespace) + 1;
          Instant now = clock.instant();
          insertHistory(connection, namespace, version, at, record, now);
          connection.commit();
          change =
              new ConfigChange(
                  version, at, record.operation(), record.value(), record.secret(), now);
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
      } catch (SQLException e) {
        throw storageFailure(record.operation() == Operation.SET ? "set" : "delete", e);
      }
      notifyWatchers(namespace, change);
    }
    return change.version();
  }

  private void writeDifference(
      Connection connection,
      String namespace,
      Map<ConfigPath, Leaf> before,
      Map<ConfigPath, Leaf> after)
      throws SQLException {
    try (PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM config_values WHERE namespace_name = ? AND config_path = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO config_values (namespace_name, config_path, value_text, secret)"
                    + " VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<ConfigPath, Leaf> old : before.entrySet()) {
        if (!Objects.equals(old.getValue(), after.get(old.getKey()))) {
          delete.setString(1, namespace);
          delete.setString(2, old.getKey().text());
          delete.addBatch();
        }
      }
      delete.executeBatch();
      for (Map.Entry<ConfigPath, Leaf> leaf : after.entrySet()) {
        if (!Objects.equals(leaf.getValue(), before.get(leaf.getKey()))) {
          Leaf value = leaf.getValue();
          insert.setString(1, namespace);
          insert.setString(2, leaf.getKey().text());
          insert.setString(3, stored.seal(namespace, leaf.getKey(), value.value(), value.secret()));
          insert.setBoolean(4, value.secret());
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  private void insertHistory(
      Connection connection,
      String namespace,
      long version,
      ConfigPath at,
      ChangeRecord record,
      Instant now)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO config_history (namespace_name, version, config_path, operation,"
                + " value_text, secret, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, namespace);
      insert.setLong(2, version);
      insert.setString(3, at.text());
      insert.setString(4, record.operation().name());
      insert.setString(
          5,
          record.value() == null
              ? null
              : stored.seal(namespace, at, record.value(), record.secret()));
      insert.setBoolean(6, record.secret());
      insert.setLong(7, now.toEpochMilli());
      insert.executeUpdate();
    }
  }

  private void notifyWatchers(String namespace, ConfigChange change) {
    List<Watcher> ofNamespace = watchers.get(namespace);
    if (ofNamespace == null) {
      return;
    }
    for (Watcher watcher : ofNamespace) {
      if (watcher.path().isRoot() || watcher.path().isAffectedBy(change.path())) {
        try {
          watcher.listener().accept(change.rendered(watcher.revealSecrets()));
        } catch (RuntimeException e) {
          LOG.debugf(e, "dropping a config watcher of namespace %s that failed", namespace);
          ofNamespace.remove(watcher);
        }
      }
    }
  }

  private record Watcher(ConfigPath path, boolean revealSecrets, Consumer<ConfigChange> listener) {}

  // ---- reading

  /**
   * The current leaves at {@code at} and under it; with {@code withAncestors} also leaves at its
   * ancestors (which a Set at {@code at} replaces).
   */
  private Map<ConfigPath, Leaf> loadLeaves(
      Connection connection, String namespace, ConfigPath at, boolean withAncestors)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT config_path, value_text, secret FROM config_values WHERE namespace_name = ?");
    List<String> parameters = new ArrayList<>();
    parameters.add(namespace);
    if (!at.isRoot()) {
      appendTouching(sql, parameters, at, withAncestors);
    }
    Map<ConfigPath, Leaf> leaves = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setString(i + 1, parameters.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ConfigPath path = new ConfigPath(rows.getString(1));
          boolean secret = rows.getBoolean(3);
          leaves.put(
              path, new Leaf(stored.unseal(namespace, path, rows.getString(2), secret), secret));
        }
      }
    }
    return leaves;
  }

  /** Changes touching {@code at} up to {@code maxVersion}, oldest first; the last limit only. */
  private List<ConfigChange> changesTouching(
      Connection connection, String namespace, ConfigPath at, long maxVersion, int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT version, config_path, operation, value_text, secret, changed_at"
                + " FROM config_history WHERE namespace_name = ? AND version <= ?");
    List<String> parameters = new ArrayList<>();
    if (!at.isRoot()) {
      appendTouching(sql, parameters, at, true);
    }
    sql.append(" ORDER BY version DESC");
    if (limit > 0) {
      sql.append(" LIMIT ").append(limit);
    }
    List<ConfigChange> changes = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      select.setString(1, namespace);
      select.setLong(2, maxVersion);
      for (int i = 0; i < parameters.size(); i++) {
        select.setString(i + 3, parameters.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ConfigPath path = new ConfigPath(rows.getString(2));
          Operation operation = Operation.valueOf(rows.getString(3));
          String text = rows.getString(4);
          boolean secret = rows.getBoolean(5);
          JsonNode value = text == null ? null : stored.unseal(namespace, path, text, secret);
          changes.add(
              new ConfigChange(
                  rows.getLong(1),
                  path,
                  operation,
                  value,
                  secret,
                  Instant.ofEpochMilli(rows.getLong(6))));
        }
      }
    }
    Collections.reverse(changes);
    return changes;
  }

  /** Restricts a query to paths at {@code at}, under it and (optionally) at its ancestors. */
  private static void appendTouching(
      StringBuilder sql, List<String> parameters, ConfigPath at, boolean withAncestors) {
    sql.append(" AND (config_path = ? OR config_path LIKE ? ESCAPE '!'");
    parameters.add(at.text());
    parameters.add(likeEscaped(at.text()) + ".%");
    List<ConfigPath> ancestors = withAncestors ? at.ancestors() : List.of();
    if (!ancestors.isEmpty()) {
      sql.append(" OR config_path IN (");
      for (int i = 0; i < ancestors.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        parameters.add(ancestors.get(i).text());
      }
      sql.append(")");
    }
    sql.append(")");
  }

  private static String likeEscaped(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /**
   * The namespace's latest version, 0 if none: the last entry of the primary key's range for the
   * namespace, read backwards. {@code MAX(version) ... WHERE namespace_name = ?} aggregated over
   * every row of the namespace's history instead, so every Set and Get slowed down as the history
   * grew (1 ms per call at 5,000 changes, 2 ms at 20,000; bench/RESULTS.md).
   */
  private static long latestVersion(Connection connection, String namespace) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT version FROM config_history WHERE namespace_name = ?"
                + " ORDER BY namespace_name DESC, version DESC LIMIT 1")) {
      select.setString(1, namespace);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  /**
   * The version of the last change touching {@code at} (at it, under it, at an ancestor), 0 if
   * none. One query per kind of path, each served by {@code config_history_by_path}: at the path
   * and at each ancestor the last entry of the index's range for that path, read backwards (a
   * {@code MAX} there aggregated over all the path's changes, so a Get slowed down as its path's
   * history grew); under the path the largest version among its descendants. A single query with
   * the three conditions OR-ed together scans the namespace's whole history instead (H2 reads the
   * primary key and sorts). See bench/RESULTS.md.
   */
  private long lastChange(Connection connection, String namespace, ConfigPath at, long latest)
      throws SQLException {
    if (at.isRoot()) {
      List<ConfigChange> last = changesTouching(connection, namespace, at, latest, 1);
      return last.isEmpty() ? 0 : last.get(0).version();
    }
    String lastAtPath =
        "(SELECT version AS v FROM config_history"
            + " WHERE namespace_name = ? AND config_path = ? AND version <= ?"
            + " ORDER BY namespace_name DESC, config_path DESC, version DESC LIMIT 1)";
    List<ConfigPath> atAndAbove = new ArrayList<>(at.ancestors());
    atAndAbove.add(at);
    StringBuilder sql = new StringBuilder("SELECT MAX(v) FROM (");
    for (int i = 0; i < atAndAbove.size(); i++) {
      sql.append(lastAtPath).append(" UNION ALL ");
    }
    sql.append(
        "(SELECT MAX(version) AS v FROM config_history"
            + " WHERE namespace_name = ? AND config_path >= ? AND config_path < ? AND version <= ?)"
            + ") AS last_changes");
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      int i = 1;
      for (ConfigPath each : atAndAbove) {
        select.setString(i++, namespace);
        select.setString(i++, each.text());
        select.setLong(i++, latest);
      }
      // paths under `at` are `at.` followed by more; '/' is the character after '.'
      select.setString(i++, namespace);
      select.setString(i++, at.text() + ".");
      select.setString(i++, at.text() + "/");
      select.setLong(i, latest);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  // ---- checks

  private static RuntimeException storageFailure(String operation, SQLException e) {
    return new IllegalStateException(
        "config "
            + operation
            + " failed in the embedded database (SQL state "
            + e.getSQLState()
            + ")",
        e);
  }
}
