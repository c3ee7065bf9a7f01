package dev.aloft.server.auth;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded H2 database file as the server opens it (same URL options), for backend tests
 * without Quarkus. Holds one connection open so that the database stays open between statements;
 * {@link #restart()} shuts the database down and opens the same file again.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private final JdbcDataSource dataSource = new JdbcDataSource();
  private Connection keepOpen;

  public EmbeddedDatabase(Path dir) {
    dataSource.setURL(
        "jdbc:h2:file:"
            + dir.resolve("aloft").toAbsolutePath()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    open();
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Closes the database file completely and opens it again. */
  public void restart() {
    close();
    open();
  }

  private void open() {
    try {
      keepOpen = dataSource.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try (Statement statement = keepOpen.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
