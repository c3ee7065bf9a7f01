package dev.aloft.e2e.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js programs in {@code e2e/src/test/node}: a gRPC service and client written with the npm
 * gRPC libraries ({@code @grpc/grpc-js}, {@code @grpc/proto-loader}, {@code @grpc/reflection},
 * pinned by e2e/package-lock.json and installed with {@code npm ci} on first use).
 */
final class NodeScripts {

  private NodeScripts() {}

  static Path e2eDirectory() {
    return ServerProcess.repository().resolve("e2e");
  }

  static Path script(String name) {
    return e2eDirectory().resolve("src/test/node").resolve(name);
  }

  /** Installs the npm packages unless they already are. */
  static synchronized void install() throws IOException, InterruptedException {
    Path e2e = e2eDirectory();
    if (Files.isDirectory(e2e.resolve("node_modules/@grpc/reflection"))
        && Files.isDirectory(e2e.resolve("node_modules/@grpc/grpc-js"))) {
      return;
    }
    Path log = Files.createTempFile("npm-ci", ".log");
    Process npm =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(e2e.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      npm.destroyForcibly();
      throw new AssertionError("npm ci in " + e2e + " failed:\n" + Files.readString(log));
    }
  }

  /** A running {@code greeter-server.js}. */
  static final class GreeterServer implements AutoCloseable {
    final int port;
    final String nodeId;
    private final Process process;
    private final Path log;

    private GreeterServer(int port, String nodeId, Process process, Path log) {
      this.port = port;
      this.nodeId = nodeId;
      this.process = process;
      this.log = log;
    }

    static GreeterServer start(Path logDir, String nodeId) throws Exception {
      int port = ServerProcess.freePort();
      Path log = logDir.resolve("greeter-" + nodeId + ".log");
      Process process =
          new ProcessBuilder("node", script("greeter-server.js").toString(), "" + port, nodeId)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      GreeterServer server = new GreeterServer(port, nodeId, process, log);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        if (server.output().contains("listening")) {
          return server;
        }
        if (!process.isAlive()) {
          throw new AssertionError("greeter " + nodeId + " exited:\n" + server.output());
        }
        Thread.sleep(100);
      }
      throw new AssertionError("greeter " + nodeId + " did not listen:\n" + server.output());
    }

    String address() {
      return "127.0.0.1:" + port;
    }

    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** The output lines and exit code of {@code greeter-client.js ARGS}. */
  record ClientRun(int exitCode, List<String> lines) {}

  static ClientRun client(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", script("greeter-client.js").toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("greeter-client", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("greeter-client did not finish:\n" + Files.readString(out));
      }
      return new ClientRun(
          process.exitValue(),
          Files.readAllLines(out).stream().filter(line -> !line.isBlank()).toList());
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
