package dev.aloft.server.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Rules in the embedded SQL database (tables {@code auth_rules} and {@code auth_namespaces}, the
 * latter recording which namespaces got their initial rules). The SQL is the shape PostgreSQL also
 * accepts.
 */
@ApplicationScoped
public class EmbeddedRuleStore implements RuleStore {

  private static final String DUPLICATE_KEY = "23505";

  private final DataSource dataSource;

  @Inject
  public EmbeddedRuleStore(DataSource dataSource) {
    this.dataSource = dataSource;
    createTables();
  }

  private void createTables() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE IF NOT EXISTS auth_rules (
            namespace VARCHAR(63) NOT NULL,
            id VARCHAR(128) NOT NULL,
            scope VARCHAR(128) NOT NULL,
            resource_type VARCHAR(256) NOT NULL,
            resource_name VARCHAR(256) NOT NULL,
            resource_endpoint VARCHAR(1024) NOT NULL,
            access VARCHAR(16) NOT NULL,
            priority INTEGER NOT NULL,
            PRIMARY KEY (namespace, id)
          )""");
      statement.execute(
          """
          CREATE TABLE IF NOT EXISTS auth_namespaces (
            namespace VARCHAR(63) NOT NULL PRIMARY KEY,
            provisioned_at BIGINT NOT NULL
          )""");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the auth rule tables: " + e.getMessage(), e);
    }
  }

  @Override
  public void create(String namespace, Rule rule) {
    try (Connection connection = dataSource.getConnection()) {
      insert(connection, namespace, rule);
    } catch (SQLException e) {
      if (DUPLICATE_KEY.equals(e.getSQLState())) {
        throw new RuleExistsException(namespace, rule.id());
      }
      throw failure("create rule", e);
    }
  }

  @Override
  public boolean delete(String namespace, String id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM auth_rules WHERE namespace = ? AND id = ?")) {
      delete.setString(1, namespace);
      delete.setString(2, id);
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failure("delete rule", e);
    }
  }

  @Override
  public List<Rule> list(String namespace) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT id, scope, resource_type, resource_name, resource_endpoint, access, priority"
                    + " FROM auth_rules WHERE namespace = ?"
                    + " ORDER BY priority DESC, CASE access WHEN 'DENIED' THEN 0 ELSE 1 END, id")) {
      query.setString(1, namespace);
      List<Rule> rules = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          rules.add(
              new Rule(
                  rows.getString("id"),
                  rows.getString("scope"),
                  new Resource(
                      rows.getString("resource_type"),
                      rows.getString("resource_name"),
                      rows.getString("resource_endpoint")),
                  Access.valueOf(rows.getString("access")),
                  rows.getInt("priority")));
        }
      }
      return rules;
    } catch (SQLException e) {
      throw failure("list rules", e);
    }
  }

  @Override
  public boolean provision(String namespace, List<Rule> initialRules) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (PreparedStatement record =
          connection.prepareStatement(
              "INSERT INTO auth_namespaces (namespace, provisioned_at) VALUES (?, ?)")) {
        record.setString(1, namespace);
        record.setLong(2, System.currentTimeMillis());
        record.executeUpdate();
        for (Rule rule : initialRules) {
          insert(connection, namespace, rule);
        }
        connection.commit();
        return true;
      } catch (SQLException e) {
        connection.rollback();
        if (DUPLICATE_KEY.equals(e.getSQLState())) {
          return false;
        }
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure("provision namespace " + namespace, e);
    }
  }

  @Override
  public boolean isProvisioned(String namespace) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT 1 FROM auth_namespaces WHERE namespace = ?")) {
      query.setString(1, namespace);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw failure("read namespace " + namespace, e);
    }
  }

  private static void insert(Connection connection, String namespace, Rule rule)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO auth_rules (namespace, id, scope, resource_type, resource_name,"
                + " resource_endpoint, access, priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, namespace);
      insert.setString(2, rule.id());
      insert.setString(3, rule.scope());
      insert.setString(4, rule.resource().type());
      insert.setString(5, rule.resource().name());
      insert.setString(6, rule.resource().endpoint());
      insert.setString(7, rule.access().name());
      insert.setInt(8, rule.priority());
      insert.executeUpdate();
    }
  }

  private static IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
  }
}
