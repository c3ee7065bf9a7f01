package dev.aloft.server.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.Map;

/**
 * A JSON request body as the protobuf message a method takes, with unknown fields rejected and
 * every problem reported with the path of the field it is in ({@code nested.count: Not an int32
 * value: "x"}).
 */
final class JsonRequests {

  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private JsonRequests() {}

  /** Thrown for a body that does not fit the message; the message says where and why. */
  static final class InvalidRequestException extends Exception {
    InvalidRequestException(String message) {
      super(message, null, false, false);
    }
  }

  static DynamicMessage parse(String body, Descriptors.Descriptor type)
      throws InvalidRequestException {
    String json = body.isBlank() ? "{}" : body;
    if (!isStrictJsonObject(json)) {
      // the same decoding as before, for the same message about what is wrong
      strictObject(json);
    }
    DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
    try {
      PARSER.merge(json, message);
      return message.build();
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException(locate(strictObject(json), type, ""));
    }
  }

  /** The body as a JSON object, decoded as Vert.x does; a clear error when it is none. */
  private static JsonObject strictObject(String json) throws InvalidRequestException {
    try {
      return new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidRequestException(
          "request body: not a JSON object (" + firstLine(e.getMessage()) + ")");
    }
  }

  /**
   * Whether {@code json} is one JSON object and nothing else, by Vert.x's own parser (the one
   * {@link JsonObject} decodes with), token by token without building the object: protobuf's parser
   * is lenient (single quotes, unquoted names, trailing text), so this is what keeps requests
   * strict.
   */
  private static boolean isStrictJsonObject(String json) {
    try (JsonParser parser = JacksonCodec.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Finds the field that does not parse, by parsing one field at a time, depth first. */
  private static String locate(JsonObject object, Descriptors.Descriptor type, String prefix) {
    for (Map.Entry<String, Object> entry : object) {
      String path = prefix + entry.getKey();
      Descriptors.FieldDescriptor field = field(type, entry.getKey());
      if (field == null) {
        return path + ": no such field in " + type.getFullName() + known(type);
      }
      String single = new JsonObject().put(entry.getKey(), entry.getValue()).encode();
      try {
        PARSER.merge(single, DynamicMessage.newBuilder(type));
      } catch (InvalidProtocolBufferException e) {
        if (entry.getValue() instanceof JsonObject nested
            && field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE
            && !field.isMapField()
            && !field.getMessageType().getFullName().startsWith("google.protobuf.")) {
          return locate(nested, field.getMessageType(), path + ".");
        }
        return path + ": " + firstLine(e.getMessage());
      }
    }
    return (prefix.isEmpty() ? "request body" : prefix.substring(0, prefix.length() - 1))
        + ": does not match "
        + type.getFullName();
  }

  private static Descriptors.FieldDescriptor field(Descriptors.Descriptor type, String name) {
    Descriptors.FieldDescriptor byName = type.findFieldByName(name);
    if (byName != null) {
      return byName;
    }
    for (Descriptors.FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  private static String known(Descriptors.Descriptor type) {
    if (type.getFields().isEmpty()) {
      return " (it has no fields)";
    }
    return " (fields: "
        + String.join(
            ", ", type.getFields().stream().map(Descriptors.FieldDescriptor::getName).toList())
        + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
