package dev.aloft.tenant;

import java.util.regex.Pattern;

/**
 * How the platform server's cluster backends name what they keep, so that a tenant's partitions are
 * found where the server puts them. Each must equal the server's setting of the same meaning.
 *
 * @param etcdKeyPrefix the server's {@code aloft.etcd.prefix}: config lives under {@code
 *     <prefix>/config/<tenant>/}, the registry under {@code <prefix>/registry/<tenant>/}
 * @param postgresSchemaPrefix the server's {@code aloft.store.postgres.schema-prefix}: every schema
 *     of the store starts with it
 * @param jetStreamPrefix the server's {@code aloft.events.jetstream.prefix}: first token of every
 *     events subject, {@code <prefix>.<tenant>.<topic>}, and of every stream name
 */
public record BackendPrefixes(
    String etcdKeyPrefix, String postgresSchemaPrefix, String jetStreamPrefix) {

  private static final Pattern ETCD = Pattern.compile("(/[A-Za-z0-9._-]+)+");
  private static final Pattern POSTGRES = Pattern.compile("[a-z][a-z0-9_]{0,15}");
  private static final Pattern JETSTREAM = Pattern.compile("[a-z][a-z0-9]{0,15}");

  /** The server's defaults (after the patterns, which the constructor needs). */
  public static final BackendPrefixes DEFAULTS = new BackendPrefixes("/aloft", "aloft_", "aloft");

  public BackendPrefixes {
    require(etcdKeyPrefix, ETCD, "etcd key prefix", "a key prefix such as /aloft");
    require(
        postgresSchemaPrefix,
        POSTGRES,
        "PostgreSQL schema prefix",
        "1 to 16 of lowercase letters, digits and '_', starting with a letter");
    require(
        jetStreamPrefix,
        JETSTREAM,
        "JetStream prefix",
        "1 to 16 lowercase letters and digits, starting with a letter");
  }

  private static void require(String value, Pattern pattern, String what, String rule) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' must be " + rule + ", as the platform server requires");
    }
  }
}
