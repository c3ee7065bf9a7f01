package dev.aloft.server.store;

import java.time.Duration;

/**
 * Where the PostgreSQL store lives and how it is reached ({@code aloft.store.postgres.*}).
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/aloft}
 * @param user the role to log in as
 * @param password its password (may be empty, e.g. for trust authentication)
 * @param poolSize most connections the pool opens
 * @param schemaPrefix what every schema of this store starts with (see {@link PostgresStoreNames})
 * @param connectTimeout how long opening a connection or waiting for a free one may take
 */
public record PostgresStoreSettings(
    String jdbcUrl,
    String user,
    String password,
    int poolSize,
    String schemaPrefix,
    Duration connectTimeout) {

  public PostgresStoreSettings {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "aloft.store.postgres.url '" + jdbcUrl + "' is not a jdbc:postgresql: URL");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("aloft.store.postgres.user is required");
    }
    password = password == null ? "" : password;
    if (poolSize < 1) {
      throw new IllegalArgumentException(
          "aloft.store.postgres.pool-size must be at least 1, got " + poolSize);
    }
    new PostgresStoreNames(schemaPrefix);
  }

  /** The server's address, for messages: the JDBC URL without its parameters. */
  public String address() {
    int parameters = jdbcUrl.indexOf('?');
    return parameters < 0 ? jdbcUrl : jdbcUrl.substring(0, parameters);
  }
}
