package dev.aloft.server.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code target/quarkus-app}, built by the package phase before failsafe runs)
 * started as a process with the given system properties, free ports, its own data directory, and
 * none of the caller's {@code ALOFT_*} variables; its output goes to a log file beside the data
 * directory.
 */
public final class PackagedServer implements AutoCloseable {

  private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private final Process process;
  private final Path log;

  private PackagedServer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static PackagedServer start(Path dataDir, List<String> properties) throws IOException {
    return start(dataDir, properties, freePort());
  }

  /** As {@link #start(Path, List)}, serving gRPC on {@code grpcPort}. */
  public static PackagedServer start(Path dataDir, List<String> properties, int grpcPort)
      throws IOException {
    assertThat(APP).as("the packaged server; run the package phase first").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(properties);
    command.addAll(
        List.of(
            "-jar",
            APP.toString(),
            "--http-port",
            Integer.toString(freePort()),
            "--grpc-port",
            Integer.toString(grpcPort),
            "--data-dir",
            dataDir.toString()));
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("ALOFT_"));
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return new PackagedServer(builder.start(), log);
  }

  /** Waits for the process to end by itself (within 180 s) and returns its exit code. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the server did not stop by itself within 180 s");
    }
    return process.exitValue();
  }

  /** Waits (up to 180 s) for the line that says the server is ready; fails if it stops first. */
  public void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!output().contains("Aloft server ready")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the server did not come up:\n" + output());
      }
      Thread.sleep(250);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 60 s). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  public String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Ports {@link #freePort} handed out in this JVM. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A port free now that this JVM has not handed out before: the kernel may offer a port it just
   * offered again, and two ports asked for one server (HTTP, gRPC) must differ.
   */
  public static int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }
}
