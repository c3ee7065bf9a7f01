package dev.aloft.builder.job;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a build Job leaves in its termination log for the operator to read, as one JSON object that
 * always fits in the {@value #MAX_BYTES} bytes Kubernetes keeps: on success {@code {"image":
 * "<repository>@sha256:...", "commit": "..."}}; on failure {@code {"phase": "...", "error": "...",
 * "log": "..."}} with the phase that failed ({@code request}, {@code source}, {@code fetch}, {@code
 * build}, {@code push}, {@code internal}), the reason, and as much of the end of the build's output
 * as fits, whole lines first.
 */
public final class TerminationMessage {

  /** Kubernetes truncates a container's termination message at this many bytes. */
  public static final int MAX_BYTES = 4096;

  /** The most of the reason that is kept, so that the output's tail always has room. */
  static final int MAX_ERROR_BYTES = 1024;

  private TerminationMessage() {}

  public static String success(String image, String commit) {
    return "{\"image\":" + quote(image) + ",\"commit\":" + quote(commit) + "}";
  }

  public static String failure(String phase, String error, List<String> outputTail) {
    String reason = cutEnd(error.strip(), MAX_ERROR_BYTES);
    String head = "{\"phase\":" + quote(phase) + ",\"error\":" + quote(reason) + ",\"log\":";
    int budget = MAX_BYTES - bytes(head) - bytes("\"\"}");
    return head + quote(fittingTail(outputTail, budget)) + "}";
  }

  /** The longest end of {@code lines} whose quoted form takes at most {@code budget} bytes. */
  static String fittingTail(List<String> lines, int budget) {
    StringBuilder tail = new StringBuilder();
    int used = 0;
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i) + (tail.isEmpty() ? "" : "\n");
      int size = bytes(escape(line));
      if (used + size > budget) {
        if (tail.isEmpty()) {
          return cutStart(lines.get(i), budget);
        }
        break;
      }
      tail.insert(0, line);
      used += size;
    }
    return tail.toString();
  }

  /** The end of {@code text} whose escaped form fits in {@code budget} bytes, marked as cut. */
  private static String cutStart(String text, int budget) {
    int start = 0;
    while (start < text.length() && bytes(escape("…" + text.substring(start))) > budget) {
      start += Math.max(1, (bytes(escape("…" + text.substring(start))) - budget) / 6);
    }
    return start >= text.length() ? "" : "…" + text.substring(start);
  }

  /** The start of {@code text} whose escaped form fits in {@code budget} bytes, marked as cut. */
  private static String cutEnd(String text, int budget) {
    if (bytes(escape(text)) <= budget) {
      return text;
    }
    int end = text.length();
    while (end > 0 && bytes(escape(text.substring(0, end) + "…")) > budget) {
      end -= Math.max(1, (bytes(escape(text.substring(0, end) + "…")) - budget) / 6);
    }
    return text.substring(0, Math.max(end, 0)) + "…";
  }

  static String quote(String text) {
    return "\"" + escape(text) + "\"";
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
