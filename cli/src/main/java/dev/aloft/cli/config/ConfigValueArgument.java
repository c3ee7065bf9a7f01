package dev.aloft.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;

/**
 * The VALUE of {@code aloft config set} as JSON text: JSON is taken as is ({@code 10}, {@code
 * true}, {@code {"pool":10}}, {@code "text"}); anything else that does not look like JSON is taken
 * as a string ({@code localhost} becomes {@code "localhost"}), as Micro's CLI does; broken JSON is
 * an error rather than a surprising string.
 */
final class ConfigValueArgument {

  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ConfigValueArgument() {}

  static String toJson(String text) {
    try {
      JsonNode parsed = JSON.readTree(text);
      if (parsed != null && !parsed.isMissingNode()) {
        return text.trim();
      }
    } catch (JsonProcessingException e) {
      String start = text.stripLeading();
      if (start.startsWith("{") || start.startsWith("[") || start.startsWith("\"")) {
        throw new CliException(
            ExitCodes.USAGE,
            "VALUE: not valid JSON ("
                + e.getOriginalMessage()
                + "); quote it for the shell, e.g. '{\"pool\":10}'");
      }
    }
    if (text.isEmpty()) {
      throw new CliException(
          ExitCodes.USAGE, "VALUE: must not be empty; use '\"\"' for an empty string");
    }
    return TextNode.valueOf(text).toString();
  }

  /** JSON text from the platform as a tree for -o json; unparsable text stays a string. */
  static JsonNode tree(String json) {
    try {
      JsonNode parsed = JSON.readTree(json);
      return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(json) : parsed;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(json);
    }
  }
}
