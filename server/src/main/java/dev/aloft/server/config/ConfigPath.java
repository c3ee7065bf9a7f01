package dev.aloft.server.config;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A dot path into a namespace's config, such as {@code orders.db.pool}: one or more non-empty
 * segments of {@code [A-Za-z0-9_-]}, at most {@value #MAX_LENGTH} characters in all. The empty path
 * is the root (the whole namespace's config).
 */
public record ConfigPath(String text) {

  /** The longest path, in characters. */
  public static final int MAX_LENGTH = 256;

  public static final ConfigPath ROOT = new ConfigPath("");

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");

  /**
   * Parses a path from a request; INVALID_ARGUMENT naming {@code field} when malformed or empty.
   */
  public static ConfigPath parse(String text, String field) {
    if (text == null || text.isEmpty()) {
      throw invalid(field, "is required (a dot path such as a.b.c)");
    }
    if (text.length() > MAX_LENGTH) {
      throw invalid(field, "is " + text.length() + " characters long, the limit is " + MAX_LENGTH);
    }
    for (String segment : text.split("\\.", -1)) {
      if (segment.isEmpty()) {
        throw invalid(field, "'" + text + "' has an empty segment (paths look like a.b.c)");
      }
      if (!isSegment(segment)) {
        throw invalid(
            field,
            "'" + text + "' has segment '" + segment + "'; segments are made of [A-Za-z0-9_-]");
      }
    }
    return new ConfigPath(text);
  }

  /** Parses a path where empty means the root. */
  public static ConfigPath parseOrRoot(String text, String field) {
    return text == null || text.isEmpty() ? ROOT : parse(text, field);
  }

  static boolean isSegment(String segment) {
    return SEGMENT.matcher(segment).matches();
  }

  public boolean isRoot() {
    return text.isEmpty();
  }

  public ConfigPath child(String segment) {
    return new ConfigPath(isRoot() ? segment : text + "." + segment);
  }

  /** Whether {@code other} lies strictly under this path. */
  public boolean isAncestorOf(ConfigPath other) {
    return isRoot() ? !other.isRoot() : other.text.startsWith(text + ".");
  }

  /** The strict ancestors of this path, nearest to the root first, without the root. */
  public List<ConfigPath> ancestors() {
    List<ConfigPath> result = new ArrayList<>();
    int dot = text.indexOf('.');
    while (dot >= 0) {
      result.add(new ConfigPath(text.substring(0, dot)));
      dot = text.indexOf('.', dot + 1);
    }
    return result;
  }

  /**
   * Whether a change at {@code changed} may alter the value at this path: it is this path, under
   * it, or one of its ancestors.
   */
  public boolean isAffectedBy(ConfigPath changed) {
    return changed.equals(this) || isAncestorOf(changed) || changed.isAncestorOf(this);
  }

  /** The segments of this path below {@code ancestor}. */
  List<String> segmentsBelow(ConfigPath ancestor) {
    String rest = ancestor.isRoot() ? text : text.substring(ancestor.text.length() + 1);
    return List.of(rest.split("\\."));
  }

  static io.grpc.StatusRuntimeException invalid(String field, String problem) {
    return Status.INVALID_ARGUMENT.withDescription(field + " " + problem).asRuntimeException();
  }

  @Override
  public String toString() {
    return text;
  }
}
