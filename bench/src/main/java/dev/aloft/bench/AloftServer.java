package dev.aloft.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code server/target/quarkus-app/quarkus-run.jar}) started as a process on
 * free ports with a data directory of its own, as {@code ./aloft server} would run it. Deliberately
 * small: the e2e tests' {@code ServerProcess} drives the {@code ./aloft} launcher (which may
 * rebuild), while a benchmark must time the server alone, so it runs the jar that {@code bench/run}
 * built and reads the ready line from the pipe the moment it is printed.
 */
final class AloftServer implements AutoCloseable {

  static final String READY_LINE = "Aloft server ready in";
  static final String ADMIN_SECRET = "bench-admin-secret";
  private static final long START_TIMEOUT_SECONDS = 180;

  final int httpPort;
  final int grpcPort;
  final Path log;
  final Path dataDir;
  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final long launchedAt;
  private volatile long readyAt;

  private AloftServer(
      Process process, int httpPort, int grpcPort, Path dataDir, Path log, long launchedAt) {
    this.process = process;
    this.dataDir = dataDir;
    this.httpPort = httpPort;
    this.grpcPort = grpcPort;
    this.log = log;
    this.launchedAt = launchedAt;
  }

  static Path repository() {
    String configured = System.getProperty("aloft.repo");
    Path dir = Path.of(configured != null ? configured : "").toAbsolutePath().normalize();
    for (Path at = dir; at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve("aloft")) && Files.isDirectory(at.resolve("server"))) {
        return at;
      }
    }
    throw new IllegalStateException("run from the Aloft repository (or set -Daloft.repo)");
  }

  static Path jar() {
    Path jar = repository().resolve("server/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: build it with bench/run, or ./mvnw -pl server -am package -DskipTests");
    }
    return jar;
  }

  /** Ports {@link #freePort} handed out in this JVM. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A port free now that this JVM has not handed out before: the kernel may offer a port it just
   * offered again, and the server's HTTP and gRPC ports must differ.
   */
  static int freePort() {
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

  /** Starts the server with data in DATADIR and extra environment ENV; returns once it is ready. */
  static AloftServer start(Path dataDir, Map<String, String> env, BenchOptions options)
      throws IOException, InterruptedException {
    return launch(dataDir, env, options).awaitReady();
  }

  static AloftServer launch(Path dataDir, Map<String, String> env, BenchOptions options)
      throws IOException {
    return launch(dataDir, env, options, freePort(), freePort());
  }

  /** Starts the server on the given ports; returns once it is ready. */
  static AloftServer start(
      Path dataDir, Map<String, String> env, BenchOptions options, int http, int grpc)
      throws IOException, InterruptedException {
    return launch(dataDir, env, options, http, grpc).awaitReady();
  }

  static AloftServer launch(
      Path dataDir, Map<String, String> env, BenchOptions options, int http, int grpc)
      throws IOException {
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>(BenchOptions.pinned(options.pinServer()));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!options.serverJvmOpts().isBlank()) {
      command.addAll(List.of(options.serverJvmOpts().trim().split("\\s+")));
    }
    command.addAll(
        List.of(
            "-jar",
            jar().toString(),
            "--http-port",
            "" + http,
            "--grpc-port",
            "" + grpc,
            "--data-dir",
            dataDir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
    builder.environment().put("ALOFT_ADMIN_SECRET", ADMIN_SECRET);
    builder.environment().putAll(env);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    long launchedAt = System.nanoTime();
    AloftServer server = new AloftServer(builder.start(), http, grpc, dataDir, log, launchedAt);
    server.pump();
    return server;
  }

  /** Copies the server's output to its log, noting when the ready line arrives. */
  private void pump() {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader out =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = out.readLine()) != null; ) {
                  if (readyAt == 0 && line.contains(READY_LINE)) {
                    readyAt = System.nanoTime();
                    ready.countDown();
                  }
                  file.write(line);
                  file.write('\n');
                  file.flush();
                }
              } catch (IOException e) {
                // the process is gone
              }
              ready.countDown();
            },
            "bench-server-output");
    thread.setDaemon(true);
    thread.start();
  }

  AloftServer awaitReady() throws InterruptedException {
    if (!ready.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) || readyAt == 0) {
      String output = output();
      close();
      throw new IllegalStateException("the server did not get ready; its output:\n" + output);
    }
    return this;
  }

  /** From starting the process to the ready line on its output. */
  long startNanos() {
    return readyAt - launchedAt;
  }

  long pid() {
    return process.pid();
  }

  /** The process's resident set size (VmRSS), in bytes. */
  long residentBytes() throws IOException {
    return Processes.residentBytes(process.pid());
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
