package dev.aloft.server.auth;

/**
 * What a call is made on, {@code type:name:endpoint}; in a rule each part may be {@code *} (any) or
 * end in {@code *} (any value starting with what precedes it, e.g. {@code /foo/*}).
 */
public record Resource(String type, String name, String endpoint) {

  /** Parses {@code type:name:endpoint}; null when it does not have exactly three parts. */
  public static Resource parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      return null;
    }
    return new Resource(parts[0], parts[1], parts[2]);
  }

  @Override
  public String toString() {
    return type + ":" + name + ":" + endpoint;
  }
}
