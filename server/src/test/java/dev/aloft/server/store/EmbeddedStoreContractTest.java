package dev.aloft.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;

/** The store contract on the embedded backend: an H2 database file, as the server uses it. */
class EmbeddedStoreContractTest extends StoreContractTest {

  private Path directory;
  private Connection keepOpen;

  @Override
  protected StoreBackend openFresh(Clock clock) {
    directory = Path.of("target", "contract-data", "store-" + UUID.randomUUID());
    return reopen(clock);
  }

  @Override
  protected StoreBackend reopen(Clock clock) {
    // H2 closes the file when its last connection closes: the test holds one connection open
    // (as the server's pool does) and closes it here, so the new backend reads the file from disk
    // as a restarted server would.
    closeDatabase();
    JdbcDataSource dataSource = fileDatabase(directory);
    StoreBackend backend = new EmbeddedStoreBackend(dataSource, clock);
    keepOpen = connect(dataSource);
    return backend;
  }

  @AfterEach
  void closeDatabase() {
    if (keepOpen != null) {
      try {
        keepOpen.close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      keepOpen = null;
    }
  }

  static Connection connect(JdbcDataSource dataSource) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static JdbcDataSource fileDatabase(Path directory) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:file:"
            + directory.toAbsolutePath().resolve("aloft")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    return dataSource;
  }
}
