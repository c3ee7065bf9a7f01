package dev.aloft.e2e.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** `./aloft server` run as a user runs it: a child process of the repository's launcher. */
public final class ServerProcess implements AutoCloseable {

  static final String READY_LINE = "Aloft server ready in";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;

  private ServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static Path repository() {
    return Path.of(System.getProperty("aloft.repo", "..")).toAbsolutePath().normalize();
  }

  /** Ports {@link #freePort} handed out in this JVM. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A port free now that this JVM has not handed out before: the kernel may offer a port it just
   * offered again, and two ports asked for one server (HTTP, gRPC) must differ.
   */
  public static int freePort() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Starts `./aloft server ARGS` with extra environment ENV; output goes to LOG. */
  public static ServerProcess launch(Path log, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(repository().resolve("aloft").toString());
    command.add("server");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(repository().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
    if (env.containsKey("HOME")) {
      // Should the launcher rebuild, its Maven keeps using the real user's repository and
      // wrapper, not an empty one under the test's HOME.
      Path m2 = Path.of(System.getProperty("user.home"), ".m2");
      builder.environment().put("MAVEN_USER_HOME", m2.toString());
      builder.environment().put("MAVEN_ARGS", "-Dmaven.repo.local=" + m2.resolve("repository"));
    }
    builder.environment().putAll(env);
    try {
      return new ServerProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the server printed its ready line; fails with its output if it exited. */
  public ServerProcess awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().contains(READY_LINE)) {
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "server exited with " + process.exitValue() + " before ready:\n" + output());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("server not ready within " + START_TIMEOUT + ":\n" + output());
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("server still running, expected it to exit:\n" + output());
    }
    return process.exitValue();
  }

  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Stops the server as a service manager does (SIGTERM) and returns its exit code; fails, after
   * killing it, when it does not stop by itself within {@link #STOP_TIMEOUT}.
   */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("server did not stop on SIGTERM within " + STOP_TIMEOUT);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
