package dev.aloft.e2e.cluster;

import dev.aloft.e2e.server.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as an admin runs it from its jar ({@code java -jar
 * operator/target/quarkus-app/quarkus-run.jar}), with {@code -D} settings; output goes to a file.
 */
final class OperatorProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final Path log;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static Path jar() {
    return ServerProcess.repository().resolve("operator/target/quarkus-app/quarkus-run.jar");
  }

  static OperatorProcess start(Path log, Map<String, String> env, Map<String, String> settings) {
    if (!Files.isRegularFile(jar())) {
      throw new AssertionError(
          "no operator jar at " + jar() + ": build it (./mvnw -pl operator -am package)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ServerProcess.repository().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
    builder.environment().putAll(env);
    try {
      return new OperatorProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for Quarkus' start line; fails with the output when it exits first. */
  OperatorProcess awaitStarted() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().contains(" started in ")) {
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "the operator exited with " + process.exitValue() + ":\n" + output());
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "the operator did not start within " + START_TIMEOUT + ":\n" + output());
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
