package dev.aloft.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A namespace's config (or the part of it a change touches) as a set of leaves: each leaf is a path
 * holding a scalar, an array or an empty object, and no leaf lies under another. Objects are
 * implied by the leaves' paths. Pure: the backends load leaves, apply an operation here and store
 * the difference, and replay history through the same operations, so merge semantics live in one
 * place.
 */
public final class ConfigDocument {

  /** What secret values look like to a reader that did not ask for secrets. */
  public static final String MASK = "[secret]";

  /** A leaf's value and whether it was set as a secret. */
  public record Leaf(JsonNode value, boolean secret) {}

  // Keyed by path text: "P." <= k < "P/" are exactly the paths under P, because '/' follows '.'
  // and path segments use no character between them.
  private final NavigableMap<String, Leaf> leaves = new TreeMap<>();

  public ConfigDocument() {}

  public ConfigDocument(Map<ConfigPath, Leaf> leaves) {
    leaves.forEach((path, leaf) -> this.leaves.put(path.text(), leaf));
  }

  /** The leaves, by path. */
  public Map<ConfigPath, Leaf> leaves() {
    Map<ConfigPath, Leaf> result = new TreeMap<>((a, b) -> a.text().compareTo(b.text()));
    leaves.forEach((path, leaf) -> result.put(new ConfigPath(path), leaf));
    return result;
  }

  /**
   * Sets {@code value} at {@code path}. An object merges into what is there (recursively); any
   * other value replaces it. INVALID_ARGUMENT naming {@code value} when an object key is not a path
   * segment or a resulting path is too long.
   */
  public void set(ConfigPath path, JsonNode value, boolean secret) {
    if (path.isRoot()) {
      throw new IllegalArgumentException("set needs a path below the root");
    }
    Map<ConfigPath, JsonNode> flat = new LinkedHashMap<>();
    if (value.isObject()) {
      flattenFields(path, value, flat);
    }
    for (ConfigPath ancestor : path.ancestors()) {
      leaves.remove(ancestor.text());
    }
    if (!value.isObject()) {
      descendants(path).clear();
      leaves.put(path.text(), new Leaf(value, secret));
      return;
    }
    if (flat.isEmpty()) {
      // An empty object merged into an object changes nothing; anywhere else it is the value.
      if (!hasDescendants(path)) {
        leaves.put(path.text(), new Leaf(value, secret));
      }
      return;
    }
    leaves.remove(path.text());
    flat.forEach(
        (leafPath, leafValue) -> {
          for (ConfigPath ancestor : leafPath.ancestors()) {
            leaves.remove(ancestor.text());
          }
          if (isEmptyObject(leafValue) && hasDescendants(leafPath)) {
            return;
          }
          descendants(leafPath).clear();
          leaves.put(leafPath.text(), new Leaf(leafValue, secret));
        });
  }

  /** Removes the value at {@code path} and everything under it; false when there was none. */
  public boolean delete(ConfigPath path) {
    if (path.isRoot()) {
      boolean any = !leaves.isEmpty();
      leaves.clear();
      return any;
    }
    boolean removed = leaves.remove(path.text()) != null;
    Map<String, Leaf> under = descendants(path);
    removed |= !under.isEmpty();
    under.clear();
    return removed;
  }

  /**
   * The value at {@code path}, with secret leaves decrypted ({@code revealSecrets}) or masked; null
   * when nothing is there. The root always has a value, {@code {}} when empty.
   */
  public JsonNode get(ConfigPath path, boolean revealSecrets) {
    if (!path.isRoot()) {
      Leaf leaf = leaves.get(path.text());
      if (leaf != null) {
        return render(leaf, revealSecrets);
      }
    }
    Map<String, Leaf> under = path.isRoot() ? leaves : descendants(path);
    if (under.isEmpty() && !path.isRoot()) {
      return null;
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    under.forEach(
        (leafPath, leaf) -> {
          List<String> segments = new ConfigPath(leafPath).segmentsBelow(path);
          ObjectNode parent = result;
          for (String segment : segments.subList(0, segments.size() - 1)) {
            parent =
                parent.has(segment) ? (ObjectNode) parent.get(segment) : parent.putObject(segment);
          }
          parent.set(segments.get(segments.size() - 1), render(leaf, revealSecrets));
        });
    return result;
  }

  /** The document that {@code changes}, applied in order from nothing, make. */
  public static ConfigDocument replay(List<ConfigChange> changes) {
    ConfigDocument document = new ConfigDocument();
    for (ConfigChange change : changes) {
      if (change.operation() == ConfigChange.Operation.SET) {
        document.set(change.path(), change.value(), change.secret());
      } else {
        document.delete(change.path());
      }
    }
    return document;
  }

  /** A value as a reader sees it: secret values masked unless revealed. */
  public static JsonNode render(JsonNode value, boolean secret, boolean revealSecrets) {
    return secret && !revealSecrets ? TextNode.valueOf(MASK) : value;
  }

  private static JsonNode render(Leaf leaf, boolean revealSecrets) {
    return render(leaf.value(), leaf.secret(), revealSecrets);
  }

  private boolean hasDescendants(ConfigPath path) {
    return !descendants(path).isEmpty();
  }

  private NavigableMap<String, Leaf> descendants(ConfigPath path) {
    return leaves.subMap(path.text() + ".", true, path.text() + "/", false);
  }

  private static boolean isEmptyObject(JsonNode value) {
    return value.isObject() && value.isEmpty();
  }

  /** Collects the leaves of a non-empty object below {@code path}, checking its keys. */
  private static void flattenFields(
      ConfigPath path, JsonNode object, Map<ConfigPath, JsonNode> out) {
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (!ConfigPath.isSegment(field.getKey())) {
        throw ConfigPath.invalid(
            "value",
            "has the key '"
                + field.getKey()
                + "' under path "
                + path
                + "; object keys must be path segments made of [A-Za-z0-9_-]");
      }
      ConfigPath child = path.child(field.getKey());
      if (child.text().length() > ConfigPath.MAX_LENGTH) {
        throw ConfigPath.invalid(
            "value",
            "nests too deep: the path "
                + child.text().substring(0, 40)
                + "... is over "
                + ConfigPath.MAX_LENGTH
                + " characters");
      }
      JsonNode fieldValue = field.getValue();
      if (fieldValue.isObject() && !fieldValue.isEmpty()) {
        flattenFields(child, fieldValue, out);
      } else {
        out.put(child, fieldValue);
      }
    }
  }
}
