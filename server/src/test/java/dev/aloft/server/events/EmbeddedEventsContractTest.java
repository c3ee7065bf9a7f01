package dev.aloft.server.events;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The events contract on the embedded backend, in an H2 database file as the server uses it. */
class EmbeddedEventsContractTest extends EventsContractTest {

  @TempDir Path dataDir;

  static JdbcDataSource database(Path dataDir) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:file:"
            + dataDir.resolve("aloft")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  /** Closes the database file for good, as a stopping server does. */
  static void shutdown(JdbcDataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private JdbcDataSource dataSource;

  @Override
  protected EventsBackend openBackend() {
    dataSource = database(dataDir);
    return new EmbeddedEventsBackend(dataSource, Clock.systemUTC());
  }

  @Override
  protected EventsBackend restart(EventsBackend running) {
    running.close();
    shutdown(dataSource);
    return openBackend();
  }

  @AfterEach
  void closeDatabase() {
    backend.close();
    shutdown(dataSource);
  }
}
