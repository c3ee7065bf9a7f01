package dev.aloft.server.runtime;

import dev.aloft.api.runtime.v1.CreateOptions;
import dev.aloft.api.runtime.v1.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** The checks of what Create and Update are given, each failure naming its field. */
final class ServiceRequests {

  static final int MAX_INSTANCES = 16;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{0,64}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private ServiceRequests() {}

  static void checkName(String field, String name) {
    if (name.isEmpty()) {
      throw new InvalidRuntimeRequestException(field, "is required");
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidRuntimeRequestException(
          field,
          "'"
              + name
              + "' is not a service name: 1 to 63 letters, digits, '.', '_' or '-', starting with"
              + " a letter or digit");
    }
  }

  static void check(Service service, CreateOptions options) {
    checkName("service.name", service.getName());
    if (!VERSION.matcher(service.getVersion()).matches()) {
      throw new InvalidRuntimeRequestException(
          "service.version",
          "'" + service.getVersion() + "' is not a version: letters, digits, '.', '_', '+', '-'");
    }
    if (service.getSource().isBlank()) {
      throw new InvalidRuntimeRequestException(
          "service.source", "is required: a folder or a git URL");
    }
    if (options.getInstances() < 0 || options.getInstances() > MAX_INSTANCES) {
      throw new InvalidRuntimeRequestException(
          "options.instances", options.getInstances() + " is not 1 to " + MAX_INSTANCES);
    }
    for (String variable : options.getEnvVarsMap().keySet()) {
      if (!ENV_NAME.matcher(variable).matches()) {
        throw new InvalidRuntimeRequestException(
            "options.env_vars[" + variable + "]", "is not an environment variable name");
      }
      if (variable.toUpperCase(Locale.ROOT).startsWith("ALOFT_")) {
        throw new InvalidRuntimeRequestException(
            "options.env_vars[" + variable + "]",
            "ALOFT_* variables are set by the platform (see docs/runtime.md)");
      }
    }
  }

  /** Whether SOURCE names a folder on the server's machine rather than a git URL. */
  static boolean isLocal(String source) {
    return source.startsWith("file:") || !source.contains("://");
  }

  /**
   * Refuses a local folder from a remote caller, a relative path, and a folder that is not there.
   */
  static void checkSource(String source, boolean remoteCaller) {
    if (!isLocal(source)) {
      return;
    }
    if (remoteCaller) {
      throw new InvalidRuntimeRequestException(
          "service.source",
          "'"
              + source
              + "' is a folder; the server runs folders only for callers on its own machine:"
              + " push it to git and run the git URL");
    }
    if (source.startsWith("file:")) {
      return;
    }
    Path folder = Path.of(source);
    if (!folder.isAbsolute()) {
      throw new InvalidRuntimeRequestException(
          "service.source",
          "'" + source + "' is a relative path; give the server an absolute one (the CLI does)");
    }
    if (!Files.isDirectory(folder)) {
      throw new InvalidRuntimeRequestException(
          "service.source", "'" + source + "' is not a folder on the server's machine");
    }
  }
}
