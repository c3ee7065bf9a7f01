package dev.aloft.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Accounts in the embedded SQL database (table {@code auth_accounts}), secrets as PBKDF2 hashes.
 * The SQL is the shape PostgreSQL also accepts.
 */
@ApplicationScoped
@Typed(EmbeddedAccountStore.class)
public class EmbeddedAccountStore implements AccountStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final String DUPLICATE_KEY = "23505";
  private static final String COLUMNS = "namespace, id, type, scopes, metadata, created_at";

  private final DataSource dataSource;

  @Inject
  public EmbeddedAccountStore(DataSource dataSource) {
    this.dataSource = dataSource;
    createTable();
  }

  private void createTable() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE IF NOT EXISTS auth_accounts (
            namespace VARCHAR(63) NOT NULL,
            id VARCHAR(128) NOT NULL,
            type VARCHAR(16) NOT NULL,
            scopes VARCHAR(8192) NOT NULL,
            metadata VARCHAR(65536) NOT NULL,
            secret_hash VARCHAR(256) NOT NULL,
            credential_version VARCHAR(64) NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (namespace, id)
          )""");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create table auth_accounts: " + e.getMessage(), e);
    }
  }

  @Override
  public Account create(String namespace, NewAccount account, String secret) {
    Instant created = Instant.ofEpochMilli(System.currentTimeMillis());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO auth_accounts ("
                    + COLUMNS
                    + ", secret_hash, credential_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, namespace);
      insert.setString(2, account.id());
      insert.setString(3, account.type().wireName());
      insert.setString(4, JSON.writeValueAsString(account.scopes()));
      insert.setString(5, JSON.writeValueAsString(account.metadata()));
      insert.setLong(6, created.toEpochMilli());
      insert.setString(7, SecretHash.hash(secret));
      insert.setString(8, UUID.randomUUID().toString());
      insert.executeUpdate();
    } catch (SQLException e) {
      if (DUPLICATE_KEY.equals(e.getSQLState())) {
        throw new AccountExistsException(namespace, account.id());
      }
      throw failure("create account", e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode account " + account.id(), e);
    }
    return new Account(
        namespace, account.id(), account.type(), account.scopes(), account.metadata(), created);
  }

  @Override
  public Optional<Account> find(String namespace, String id) {
    return findWithCredentials(namespace, id).map(StoredAccount::account);
  }

  @Override
  public List<Account> list(String namespace) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM auth_accounts WHERE namespace = ? ORDER BY id")) {
      query.setString(1, namespace);
      List<Account> accounts = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          accounts.add(account(rows));
        }
      }
      return accounts;
    } catch (SQLException e) {
      throw failure("list accounts", e);
    }
  }

  @Override
  public boolean delete(String namespace, String id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM auth_accounts WHERE namespace = ? AND id = ?")) {
      delete.setString(1, namespace);
      delete.setString(2, id);
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failure("delete account", e);
    }
  }

  @Override
  public boolean changeSecret(String namespace, String id, String newSecret) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE auth_accounts SET secret_hash = ?, credential_version = ?"
                    + " WHERE namespace = ? AND id = ?")) {
      update.setString(1, SecretHash.hash(newSecret));
      update.setString(2, UUID.randomUUID().toString());
      update.setString(3, namespace);
      update.setString(4, id);
      return update.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failure("change secret", e);
    }
  }

  @Override
  public Optional<Account> authenticate(String namespace, String id, String secret) {
    return findWithCredentials(namespace, id)
        .filter(stored -> SecretHash.matches(secret, stored.secretHash()))
        .map(StoredAccount::account);
  }

  @Override
  public Optional<String> credentialVersion(String namespace, String id) {
    return findWithCredentials(namespace, id).map(StoredAccount::credentialVersion);
  }

  private record StoredAccount(Account account, String secretHash, String credentialVersion) {}

  private Optional<StoredAccount> findWithCredentials(String namespace, String id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + ", secret_hash, credential_version FROM auth_accounts"
                    + " WHERE namespace = ? AND id = ?")) {
      query.setString(1, namespace);
      query.setString(2, id);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new StoredAccount(
                account(rows),
                rows.getString("secret_hash"),
                rows.getString("credential_version")));
      }
    } catch (SQLException e) {
      throw failure("read account", e);
    }
  }

  private static Account account(ResultSet rows) throws SQLException {
    String type = rows.getString("type");
    try {
      return new Account(
          rows.getString("namespace"),
          rows.getString("id"),
          AccountType.fromWireName(type)
              .orElseThrow(() -> new IllegalStateException("unknown account type " + type)),
          JSON.readValue(rows.getString("scopes"), STRING_LIST),
          JSON.readValue(rows.getString("metadata"), STRING_MAP),
          Instant.ofEpochMilli(rows.getLong("created_at")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt account row " + rows.getString("id"), e);
    }
  }

  private static IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
  }
}
