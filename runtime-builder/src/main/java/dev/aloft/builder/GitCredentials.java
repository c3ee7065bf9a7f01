package dev.aloft.builder;

import java.util.Objects;

/**
 * A user name and a secret (password or token) for fetching from git over https or ssh. The secret
 * never appears in {@link #toString()}, in a log line or in an exception message.
 */
public record GitCredentials(String username, String secret) {

  public GitCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "GitCredentials[username=" + username + ", secret=***]";
  }
}
