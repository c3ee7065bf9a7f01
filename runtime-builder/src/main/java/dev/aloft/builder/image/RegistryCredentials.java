package dev.aloft.builder.image;

import java.util.Objects;

/**
 * A user name and password (or token) for an image registry. Never logged: {@link #toString()}
 * shows the user name only.
 */
public record RegistryCredentials(String username, String password) {

  public RegistryCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=***]";
  }
}
