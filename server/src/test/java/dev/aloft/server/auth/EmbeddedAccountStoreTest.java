package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account contract on the embedded H2 database file. */
class EmbeddedAccountStoreTest extends AccountStoreContractTest {

  @TempDir Path dir;
  private EmbeddedDatabase database;
  private AccountStore store;

  @BeforeEach
  void open() {
    database = new EmbeddedDatabase(dir);
    store = new EmbeddedAccountStore(database.dataSource());
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Override
  protected AccountStore store() {
    return store;
  }

  @Override
  protected AccountStore restarted() {
    database.restart();
    store = new EmbeddedAccountStore(database.dataSource());
    return store;
  }

  @Test
  void theDatabaseHoldsAPasswordHashNotTheSecret() throws Exception {
    store.create(
        "acme", new NewAccount("alice", AccountType.USER, List.of(), Map.of()), "plain-secret");
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT secret_hash FROM auth_accounts")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("pbkdf2-sha512$").doesNotContain("plain-secret");
    }
  }
}
