package dev.aloft.cli.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.api.events.v1.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** How an event prints: one line of text, or one JSON object with the payload as JSON. */
final class EventLines {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EventLines() {}

  /** {@code <sequence> <timestamp> <payload>}, the payload as UTF-8 text. */
  static String line(Event event) {
    return event.getSequence() + "  " + timestamp(event) + "  " + event.getPayload().toStringUtf8();
  }

  /** The event as JSON; a payload that is JSON is embedded as such, any other as a string. */
  static Map<String, Object> toJson(Event event) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", event.getId());
    json.put("topic", event.getTopic());
    json.put("sequence", event.getSequence());
    json.put("timestamp", timestamp(event));
    json.put("payload", payload(event.getPayload().toStringUtf8()));
    json.put("metadata", new TreeMap<>(event.getMetadataMap()));
    if (event.getDeliveries() > 0) {
      json.put("deliveries", event.getDeliveries());
    }
    return json;
  }

  private static Object payload(String text) {
    try {
      JsonNode parsed = JSON.readTree(text);
      return parsed == null || parsed.isMissingNode() ? text : parsed;
    } catch (JsonProcessingException e) {
      return text;
    }
  }

  private static String timestamp(Event event) {
    return Instant.ofEpochSecond(event.getTimestamp().getSeconds(), event.getTimestamp().getNanos())
        .toString();
  }
}
