package dev.aloft.cli.store;

import com.google.protobuf.ByteString;
import dev.aloft.api.store.v1.Field;
import dev.aloft.api.store.v1.Record;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How store records print: values as UTF-8 text, or base64 when they are not text. */
final class StoreRecords {

  private StoreRecords() {}

  /** The value as text: UTF-8 when it is, else {@code base64:<base64>}. */
  static String valueText(ByteString value) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return "base64:" + Base64.getEncoder().encodeToString(value.toByteArray());
    }
  }

  static List<String> row(Record record, boolean verbose) {
    String value = valueText(record.getValue());
    if (!verbose) {
      return List.of(record.getKey(), value);
    }
    return List.of(
        record.getKey(),
        value,
        record.getExpiry() == 0 ? "never" : record.getExpiry() + "s",
        new TreeMap<>(record.getMetadataMap())
            .entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue().getValue())
                .collect(Collectors.joining(",")));
  }

  /** The record as a JSON object: key, value (text), expiry (seconds left, 0 never), metadata. */
  static Map<String, Object> toJson(Record record) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("key", record.getKey());
    json.put("value", valueText(record.getValue()));
    json.put("expiry", record.getExpiry());
    Map<String, Map<String, String>> metadata = new TreeMap<>();
    for (Map.Entry<String, Field> entry : record.getMetadataMap().entrySet()) {
      metadata.put(
          entry.getKey(),
          Map.of("type", entry.getValue().getType(), "value", entry.getValue().getValue()));
    }
    json.put("metadata", metadata);
    return json;
  }
}
