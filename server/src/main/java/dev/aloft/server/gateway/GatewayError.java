package dev.aloft.server.gateway;

import io.grpc.Status;
import io.vertx.core.json.JsonObject;

/**
 * What the gateway answers when a call fails: the HTTP status and the JSON body {@code {"code":
 * <http status>, "status": "<gRPC code name>", "message": "..."}}.
 */
record GatewayError(int httpStatus, String status, String message) {

  static GatewayError of(Status status) {
    String message = status.getDescription();
    if (message == null || message.isBlank()) {
      message = status.getCode().name().toLowerCase().replace('_', ' ');
    }
    return new GatewayError(HttpStatuses.of(status.getCode()), status.getCode().name(), message);
  }

  static GatewayError of(Status.Code code, String message) {
    return of(code.toStatus().withDescription(message));
  }

  String json() {
    return new JsonObject()
        .put("code", httpStatus)
        .put("status", status)
        .put("message", message)
        .encode();
  }
}
