package dev.aloft.server.store;

import dev.aloft.server.store.StoreRecord.MetadataField;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the store accepts, checked the same way by every backend: bad input is INVALID_ARGUMENT
 * naming the field, a database outside the caller's namespace PERMISSION_DENIED.
 */
public final class StoreLimits {

  /** Longest key, in bytes of UTF-8. */
  public static final int MAX_KEY_BYTES = 1024;

  /** Largest value, in bytes (1 MiB). */
  public static final int MAX_VALUE_BYTES = 1024 * 1024;

  /** Most metadata entries per record. */
  public static final int MAX_METADATA_ENTRIES = 64;

  /** Longest metadata name, in characters. */
  public static final int MAX_METADATA_NAME_LENGTH = 128;

  /** Longest metadata value, in characters. */
  public static final int MAX_METADATA_VALUE_LENGTH = 1024;

  /** The metadata types a field may have. */
  public static final Set<String> METADATA_TYPES = Set.of("string", "bool", "int64", "double");

  /** A table name: a letter or digit, then letters, digits, '_', '-', '.'; 1 to 128 characters. */
  public static final Pattern TABLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** The name part of a database {@code <namespace>.<name>}. */
  public static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  private StoreLimits() {}

  static void namespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw invalid("namespace", "is required");
    }
  }

  /**
   * A database must be the namespace itself or {@code <namespace>.<name>}; anything else belongs to
   * no namespace the caller acts in.
   */
  static void database(String namespace, String database) {
    namespace(namespace);
    if (database == null || database.isEmpty()) {
      throw invalid("database", "is required");
    }
    if (database.equals(namespace)) {
      return;
    }
    String scope = namespace + ".";
    if (!database.startsWith(scope)) {
      throw Status.PERMISSION_DENIED
          .withDescription(
              "database '"
                  + database
                  + "' is not in namespace '"
                  + namespace
                  + "': use '"
                  + namespace
                  + "' or '"
                  + namespace
                  + ".<name>'")
          .asRuntimeException();
    }
    String name = database.substring(scope.length());
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw invalid(
          "database",
          "'"
              + database
              + "' has the name '"
              + name
              + "'; after '"
              + scope
              + "' a database name is 1 to 63 of [A-Za-z0-9_-], starting with a letter or digit");
    }
  }

  static void table(String table) {
    if (table == null || table.isEmpty()) {
      throw invalid("table", "is required");
    }
    if (!TABLE.matcher(table).matches()) {
      throw invalid(
          "table",
          "'"
              + abbreviate(table)
              + "' is not a table name: 1 to 128 of [A-Za-z0-9_.-], starting with a letter or"
              + " digit");
    }
  }

  static void key(String key, String field) {
    if (key == null || key.isEmpty()) {
      throw invalid(field, "is required");
    }
    keyText(key, field);
  }

  /** A key, prefix or suffix: not over the key limit, no NUL. */
  static void keyText(String text, String field) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw invalid(field, "is " + bytes + " bytes, the limit is " + MAX_KEY_BYTES + " bytes");
    }
    if (text.indexOf('\u0000') >= 0) {
      throw invalid(field, "contains a NUL character");
    }
  }

  static void query(KeyQuery query) {
    keyText(query.prefix(), "prefix");
    keyText(query.suffix(), "suffix");
    if (query.limit() < 0) {
      throw invalid("limit", "must not be negative (0 means no limit), got " + query.limit());
    }
    if (query.offset() < 0) {
      throw invalid("offset", "must not be negative, got " + query.offset());
    }
  }

  static void record(StoreRecord record) {
    key(record.key(), "record.key");
    if (record.value() == null) {
      throw invalid("record.value", "is required (it may be empty)");
    }
    if (record.value().length > MAX_VALUE_BYTES) {
      throw invalid(
          "record.value",
          "is " + record.value().length + " bytes, the limit is " + MAX_VALUE_BYTES + " (1 MiB)");
    }
    if (record.metadata().size() > MAX_METADATA_ENTRIES) {
      throw invalid(
          "record.metadata",
          "has " + record.metadata().size() + " entries, the limit is " + MAX_METADATA_ENTRIES);
    }
    for (Map.Entry<String, MetadataField> entry : record.metadata().entrySet()) {
      metadata(entry.getKey(), entry.getValue());
    }
  }

  private static void metadata(String name, MetadataField field) {
    if (name.isEmpty() || name.length() > MAX_METADATA_NAME_LENGTH) {
      throw invalid(
          "record.metadata",
          "has a name of "
              + name.length()
              + " characters; names are 1 to "
              + MAX_METADATA_NAME_LENGTH
              + " characters");
    }
    String at = "record.metadata[\"" + abbreviate(name) + "\"]";
    if (!METADATA_TYPES.contains(field.type())) {
      throw invalid(
          at + ".type",
          "'"
              + abbreviate(field.type())
              + "' is not a metadata type; use one of string, bool, int64, double");
    }
    String value = field.value() == null ? "" : field.value();
    if (value.length() > MAX_METADATA_VALUE_LENGTH) {
      throw invalid(
          at + ".value",
          "is " + value.length() + " characters, the limit is " + MAX_METADATA_VALUE_LENGTH);
    }
    boolean parses =
        switch (field.type()) {
          case "bool" -> value.equals("true") || value.equals("false");
          case "int64" -> isLong(value);
          case "double" -> isFiniteDouble(value);
          default -> true;
        };
    if (!parses) {
      throw invalid(at + ".value", "'" + abbreviate(value) + "' is not a valid " + field.type());
    }
  }

  private static boolean isLong(String value) {
    try {
      Long.parseLong(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isFiniteDouble(String value) {
    try {
      return Double.isFinite(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  static StatusRuntimeException invalid(String field, String problem) {
    return Status.INVALID_ARGUMENT.withDescription(field + " " + problem).asRuntimeException();
  }
}
