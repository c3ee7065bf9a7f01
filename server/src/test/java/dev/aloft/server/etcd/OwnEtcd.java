package dev.aloft.server.etcd;

import dev.aloft.server.infra.PackagedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An etcd process of the test's own (Debian's {@code etcd}, as {@code infra/up} uses), on free
 * loopback ports and a data directory that survives {@link #stop()}, so a test can take etcd away
 * and bring the same one back.
 */
public final class OwnEtcd implements AutoCloseable {

  private final Path dataDir;
  private final Path log;
  private final int clientPort;
  private final int peerPort;
  private Process process;

  public OwnEtcd(Path workDir) throws IOException {
    this.dataDir = workDir.resolve("etcd-data");
    this.log = workDir.resolve("etcd.log");
    this.clientPort = PackagedServer.freePort();
    this.peerPort = PackagedServer.freePort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** Starts etcd and waits until it reports itself healthy. */
  public void start() throws IOException, InterruptedException {
    String peer = "http://127.0.0.1:" + peerPort;
    ProcessBuilder builder =
        new ProcessBuilder(
            "etcd",
            "--name",
            "aloft-test",
            "--data-dir",
            dataDir.toString(),
            "--listen-client-urls",
            endpoint(),
            "--advertise-client-urls",
            endpoint(),
            "--listen-peer-urls",
            peer,
            "--initial-advertise-peer-urls",
            peer,
            "--initial-cluster",
            "aloft-test=" + peer);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited while starting; see " + log);
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.body().contains("\"health\":\"true\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("etcd did not become healthy within 60 s; see " + log);
  }

  /** Stops etcd (SIGTERM, then SIGKILL) and waits until it is gone; its data stays. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  public Path log() {
    return log;
  }
}
