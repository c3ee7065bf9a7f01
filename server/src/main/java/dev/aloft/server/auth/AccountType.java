package dev.aloft.server.auth;

import java.util.Locale;
import java.util.Optional;

/** What an account stands for: a person or a program. */
public enum AccountType {
  USER,
  SERVICE;

  /** The name used on the wire and in tokens: {@code user} or {@code service}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type with this wire name, empty for anything else. */
  public static Optional<AccountType> fromWireName(String name) {
    for (AccountType type : values()) {
      if (type.wireName().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
