package dev.aloft.cli.runtime;

import dev.aloft.api.runtime.v1.LogRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a runtime log record prints: {@code [source] message}, or as a JSON object. */
final class LogLines {

  private LogLines() {}

  static String line(LogRecord record) {
    return "[" + record.getSource() + "] " + record.getMessage();
  }

  static Map<String, Object> toJson(LogRecord record) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "timestamp",
        Instant.ofEpochSecond(record.getTimestamp().getSeconds(), record.getTimestamp().getNanos())
            .toString());
    json.put("source", record.getSource());
    json.put("message", record.getMessage());
    if (record.getSource().equals("status")) {
      json.put("status", ServiceRows.status(record.getStatus()));
    }
    return json;
  }
}
