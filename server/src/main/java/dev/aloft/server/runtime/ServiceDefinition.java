package dev.aloft.server.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * What the local runtime records of a service in {@code service.json}, so that a restarted server
 * runs it again: what was asked for and, once built, what to run.
 *
 * @param remoteCaller whether it was created by a caller not on this machine (its updates refuse
 *     local paths too)
 * @param created when it was created (ISO-8601)
 * @param updated when it was last created or updated (ISO-8601)
 * @param build the build its instances run, null before the first successful build
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ServiceDefinition(
    String namespace,
    String name,
    String version,
    String source,
    Map<String, String> metadata,
    Map<String, String> envVars,
    int instances,
    boolean remoteCaller,
    String created,
    String updated,
    BuildRecord build) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  ServiceDefinition {
    metadata = Map.copyOf(metadata);
    envVars = Map.copyOf(envVars);
  }

  /**
   * A successful build.
   *
   * @param workDir the folder the build owns (deleted when replaced)
   * @param serviceDir where the command runs
   * @param commit git commit, null for a local folder
   * @param ref git ref, null when none was named
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BuildRecord(
      String workDir, String serviceDir, String commit, String ref, List<String> command) {
    BuildRecord {
      command = List.copyOf(command);
    }
  }

  ServiceDefinition withBuild(BuildRecord newBuild, String newUpdated) {
    return new ServiceDefinition(
        namespace,
        name,
        version,
        source,
        metadata,
        envVars,
        instances,
        remoteCaller,
        created,
        newUpdated,
        newBuild);
  }

  ServiceDefinition withUpdated(String newUpdated) {
    return withBuild(build, newUpdated);
  }

  /** Writes it to FILE atomically. */
  void save(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(temporary.toFile(), this);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static ServiceDefinition load(Path file) {
    try {
      return JSON.readValue(file.toFile(), ServiceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
