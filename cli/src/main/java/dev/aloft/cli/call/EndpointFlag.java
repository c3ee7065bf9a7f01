package dev.aloft.cli.call;

import dev.aloft.api.registry.v1.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A flag of a dynamic command: one scalar field of an endpoint's request, by its dotted path
 * ({@code --greeting.times}), with the type the registry's schema gives it.
 *
 * @param path dotted field path, e.g. {@code greeting.times}
 * @param type the schema type ({@code string}, {@code int32}...); a repeated message is {@code
 *     json}, given as a JSON value
 * @param repeated whether the flag may be given several times, one element each
 */
record EndpointFlag(String path, String type, boolean repeated) {

  private static final int MAX_DEPTH = 16;
  private static final Set<String> INTEGERS =
      Set.of(
          "int32",
          "int64",
          "uint32",
          "uint64",
          "sint32",
          "sint64",
          "fixed32",
          "fixed64",
          "sfixed32",
          "sfixed64");

  /** The flags of a request message: its scalar fields, nested message fields flattened. */
  static List<EndpointFlag> of(Value request) {
    List<EndpointFlag> flags = new ArrayList<>();
    flatten("", request, flags, 0);
    return flags;
  }

  private static void flatten(String prefix, Value message, List<EndpointFlag> flags, int depth) {
    for (Value field : message.getValuesList()) {
      String path = prefix + field.getName();
      if (!field.getValuesList().isEmpty() && !field.getRepeated() && depth < MAX_DEPTH) {
        flatten(path + ".", field, flags, depth + 1);
      } else {
        String type = field.getValuesList().isEmpty() ? field.getType() : "json";
        flags.add(new EndpointFlag(path, type, field.getRepeated()));
      }
    }
  }

  /** The Java type picocli converts the flag's argument to. */
  Class<?> javaType() {
    if (INTEGERS.contains(type)) {
      return Long.class;
    }
    return switch (type) {
      case "double", "float" -> Double.class;
      case "bool" -> Boolean.class;
      default -> String.class;
    };
  }

  String label() {
    return "<" + type + ">";
  }
}
