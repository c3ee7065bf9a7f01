package dev.aloft.server.auth;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The rule contract on the embedded H2 database file. */
class EmbeddedRuleStoreTest extends RuleStoreContractTest {

  @TempDir Path dir;
  private EmbeddedDatabase database;
  private RuleStore store;

  @BeforeEach
  void open() {
    database = new EmbeddedDatabase(dir);
    store = new EmbeddedRuleStore(database.dataSource());
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Override
  protected RuleStore store() {
    return store;
  }

  @Override
  protected RuleStore restarted() {
    database.restart();
    store = new EmbeddedRuleStore(database.dataSource());
    return store;
  }
}
