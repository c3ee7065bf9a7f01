package dev.aloft.cli.runtime;

import com.google.protobuf.Timestamp;
import dev.aloft.api.runtime.v1.Service;
import dev.aloft.api.runtime.v1.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A runtime service as a table row ({@code aloft status}) and as JSON. */
final class ServiceRows {

  static final List<String> COLUMNS =
      List.of("name", "version", "source", "status", "updated", "error");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private ServiceRows() {}

  static String status(Status status) {
    return status == Status.STATUS_UNSPECIFIED ? "" : status.name().toLowerCase(Locale.ROOT);
  }

  static List<String> row(Service service) {
    String source =
        service.getSource()
            + (service.getRevision().isEmpty()
                ? ""
                : " ("
                    + service
                        .getRevision()
                        .substring(0, Math.min(7, service.getRevision().length()))
                    + ")");
    return List.of(
        service.getName(),
        service.getVersion(),
        source,
        status(service.getStatus())
            + (service.getRestarts() > 0 ? " (" + service.getRestarts() + " restarts)" : ""),
        service.hasUpdated() ? TIME.format(instant(service.getUpdated())) : "",
        service.getError().lines().findFirst().orElse(""));
  }

  static Map<String, Object> toJson(Service service) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", service.getName());
    json.put("version", service.getVersion());
    json.put("source", service.getSource());
    json.put("status", status(service.getStatus()));
    json.put("error", service.getError());
    json.put("instances", service.getInstances());
    json.put("restarts", service.getRestarts());
    json.put("revision", service.getRevision());
    json.put("ref", service.getRef());
    json.put("started", service.hasStarted() ? instant(service.getStarted()).toString() : "");
    json.put("updated", service.hasUpdated() ? instant(service.getUpdated()).toString() : "");
    json.put("metadata", service.getMetadataMap());
    return json;
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
