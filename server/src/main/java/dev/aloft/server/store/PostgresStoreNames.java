package dev.aloft.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How store names become PostgreSQL identifiers, deterministically (the same names always give the
 * same identifiers, on every server):
 *
 * <ul>
 *   <li>a <b>schema</b> per database of a namespace: {@code <prefix><readable database>_<hash>},
 *       where the hash (10 hex digits of SHA-256) is taken over namespace and database, so the
 *       database {@code acme.x} of namespace {@code acme} and a namespace literally called {@code
 *       acme.x} never share a schema;
 *   <li>a <b>table</b> per store table: the table name itself when it already is a plain lowercase
 *       identifier ({@code [a-z][a-z0-9_]*}, at most {@value #PLAIN_TABLE_MAX} characters), else
 *       {@code t_<readable name>_<hash of the name>};
 *   <li>the <b>catalog</b> of which store table lives where: {@code <prefix>catalog.store_tables}.
 * </ul>
 *
 * "Readable" is the name lowercased with every character outside {@code [a-z0-9]} turned into
 * {@code _}, cut so that the identifier fits PostgreSQL's 63 bytes with room for index suffixes.
 * Identifiers are always double-quoted in SQL.
 */
public final class PostgresStoreNames {

  /** What a schema prefix may be: a lowercase identifier start of at most 16 characters. */
  public static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,15}");

  /** Longest table name used as it is. */
  static final int PLAIN_TABLE_MAX = 48;

  private static final Pattern PLAIN_TABLE = Pattern.compile("[a-z][a-z0-9_]{0,47}");
  private static final int READABLE_MAX = 36;

  private final String prefix;

  public PostgresStoreNames(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "aloft.store.postgres.schema-prefix '"
              + prefix
              + "' must be 1 to 16 of lowercase letters, digits and '_', starting with a letter");
    }
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** The schema of the catalog of store tables. */
  public String catalogSchema() {
    return prefix + "catalog";
  }

  /** The schema that holds the tables of {@code database} of {@code namespace}. */
  public String schema(String namespace, String database) {
    return prefix + readable(database) + "_" + hash(namespace + "\n" + database);
  }

  /** The SQL table that holds store table {@code table}. */
  public static String table(String table) {
    if (PLAIN_TABLE.matcher(table).matches()) {
      return table;
    }
    return "t_" + readable(table) + "_" + hash(table);
  }

  /** {@code "schema"."table"}, quoted. */
  public static String qualified(String schema, String table) {
    return quoted(schema) + "." + quoted(table);
  }

  /** An identifier in double quotes; the names made here never contain a quote, but be safe. */
  public static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String readable(String name) {
    StringBuilder readable = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      readable.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
      if (readable.length() == READABLE_MAX) {
        break;
      }
    }
    return readable.toString();
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
