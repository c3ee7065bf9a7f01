package dev.aloft.operator.partition;

import dev.aloft.tenant.TenantPostgresPartition;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tenants' partitions in the PostgreSQL store ({@link TenantPostgresPartition}): the schema of the
 * tenant's default database; removing a tenant drops every schema the store's catalog lists for it,
 * and its catalog rows. DDL takes the store's own advisory lock, so it never races the server's.
 */
@ApplicationScoped
public class PostgresPartitions {

  private final String url;
  private final Properties login = new Properties();
  private final String schemaPrefix;

  public PostgresPartitions(
      @ConfigProperty(name = "aloft.partitions.postgres.url") String url,
      @ConfigProperty(name = "aloft.partitions.postgres.user") String user,
      @ConfigProperty(name = "aloft.partitions.postgres.password", defaultValue = "")
          String password,
      @ConfigProperty(name = "aloft.partitions.postgres.schema-prefix", defaultValue = "aloft_")
          String schemaPrefix,
      @ConfigProperty(name = "aloft.partitions.timeout", defaultValue = "10S") Duration timeout) {
    this.url = url;
    this.schemaPrefix = schemaPrefix;
    login.setProperty("user", user);
    login.setProperty("password", password);
    login.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
    login.setProperty("socketTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
    login.setProperty("ApplicationName", "aloft-operator");
  }

  /** Creates the tenant's schema when missing; true when it did. */
  public boolean apply(TenantPostgresPartition partition) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      if (schemaExists(connection, partition.schema())) {
        return false;
      }
      statement.execute(
          "CREATE SCHEMA IF NOT EXISTS " + TenantPostgresPartition.quoted(partition.schema()));
      return true;
    } catch (SQLException e) {
      throw failure("create schema " + partition.schema(), e);
    }
  }

  /** Whether the tenant's default schema exists. */
  public boolean exists(TenantPostgresPartition partition) {
    try (Connection connection = connect()) {
      return schemaExists(connection, partition.schema());
    } catch (SQLException e) {
      throw failure("read schema " + partition.schema(), e);
    }
  }

  /** Drops every schema of the tenant (with all its tables) and its catalog rows; the dropped. */
  public List<String> delete(TenantPostgresPartition partition) {
    String catalog =
        TenantPostgresPartition.quoted(partition.catalogSchema())
            + "."
            + TenantPostgresPartition.quoted(partition.catalogTable());
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      try {
        // the lock the store takes for its DDL (PostgresStoreBackend.ddlLock)
        statement.execute(
            "SELECT pg_advisory_xact_lock(" + ("aloft-store:" + schemaPrefix).hashCode() + ")");
        Set<String> schemas = new LinkedHashSet<>();
        schemas.add(partition.schema());
        boolean hasCatalog = catalogExists(connection, partition);
        if (hasCatalog) {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT DISTINCT schema_name FROM " + catalog + " WHERE namespace_name = ?")) {
            query.setString(1, partition.tenant());
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                schemas.add(rows.getString(1));
              }
            }
          }
        }
        List<String> dropped = schemas.stream().filter(s -> schemaExists(connection, s)).toList();
        for (String schema : dropped) {
          statement.execute(
              "DROP SCHEMA IF EXISTS " + TenantPostgresPartition.quoted(schema) + " CASCADE");
        }
        if (hasCatalog) {
          try (PreparedStatement forget =
              connection.prepareStatement("DELETE FROM " + catalog + " WHERE namespace_name = ?")) {
            forget.setString(1, partition.tenant());
            forget.executeUpdate();
          }
        }
        connection.commit();
        return dropped;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure("drop the schemas of tenant " + partition.tenant(), e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, login);
  }

  private boolean schemaExists(Connection connection, String schema) {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      query.setString(1, schema);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw failure("read schema " + schema, e);
    }
  }

  private static boolean catalogExists(Connection connection, TenantPostgresPartition partition)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      query.setString(1, partition.catalogSchema());
      query.setString(2, partition.catalogTable());
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private PartitionException failure(String what, SQLException e) {
    int parameters = url.indexOf('?');
    String address = parameters < 0 ? url : url.substring(0, parameters);
    return new PartitionException(
        "PostgreSQL at " + address + ": " + what + ": " + e.getMessage(), e);
  }
}
