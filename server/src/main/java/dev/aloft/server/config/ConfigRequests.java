package dev.aloft.server.config;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The checks and answers every config backend gives alike: a namespace is required, versions are
 * not negative and must exist, a missing value is NOT_FOUND naming the path.
 */
final class ConfigRequests {

  private ConfigRequests() {}

  static void requireNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw ConfigPath.invalid("namespace", "is required");
    }
  }

  static void requireVersion(long version) {
    if (version < 0) {
      throw ConfigPath.invalid("version", "must not be negative (0 means current), got " + version);
    }
  }

  static void requireLimit(int limit) {
    if (limit < 0) {
      throw ConfigPath.invalid("limit", "must not be negative (0 means all), got " + limit);
    }
  }

  static void requireExisting(String namespace, long version, long latest) {
    if (version > latest) {
      throw ConfigPath.invalid(
          "version",
          version
              + " does not exist: the latest version of namespace "
              + namespace
              + " is "
              + latest);
    }
  }

  /** NOT_FOUND for a Get of a path without a value ({@code version} 0: now). */
  static StatusRuntimeException noValue(String namespace, ConfigPath path, long version) {
    return Status.NOT_FOUND
        .withDescription(
            "path "
                + path
                + " has no value"
                + (version == 0 ? "" : " at version " + version)
                + " in namespace "
                + namespace)
        .asRuntimeException();
  }

  /** NOT_FOUND for a Delete of a path without a value. */
  static StatusRuntimeException nothingToDelete(String namespace, ConfigPath path) {
    return Status.NOT_FOUND
        .withDescription("path " + path + " has no value in namespace " + namespace)
        .asRuntimeException();
  }
}
