package dev.aloft.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;

/** The config contract on the embedded backend: an H2 database file, as the server uses it. */
class EmbeddedConfigContractTest extends ConfigContractTest {

  private Path directory;
  private Connection keepOpen;

  @Override
  protected ConfigBackend openFresh() {
    directory = Path.of("target", "contract-data", "config-" + UUID.randomUUID());
    return reopen();
  }

  @Override
  protected ConfigBackend reopen() {
    // H2 closes the file when its last connection closes: the test holds one connection open
    // (as the server's pool does) and closes it here, so the new backend (and a new cipher read
    // from the key file) on the same directory is what a restarted server sees.
    SecretCipher cipher =
        SecretCipher.loadOrCreate(directory.resolve("config").resolve(SecretCipher.KEY_FILE_NAME));
    closeDatabase();
    JdbcDataSource dataSource = fileDatabase(directory);
    ConfigBackend backend = new EmbeddedConfigBackend(dataSource, cipher, Clock.systemUTC());
    keepOpen = connect(dataSource);
    return backend;
  }

  @Override
  protected String storedAtRest() {
    StringBuilder text = new StringBuilder();
    try (Connection connection = fileDatabase(directory).getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : new String[] {"config_values", "config_history"}) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              text.append(rows.getString(i)).append('\n');
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    // and the database file itself, byte for byte, once H2 has closed (and flushed) it
    closeDatabase();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
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
