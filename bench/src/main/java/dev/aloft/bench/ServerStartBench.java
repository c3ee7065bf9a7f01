package dev.aloft.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 9.6: the server's cold start (a fresh data directory: keys, admin, schema made) and restart
 * (the same directory again) to its ready line, and its resident memory a second after ready, vs a
 * bare JVM of the same Java that prints a line and waits (the floor no Java server goes below).
 * Platform and baseline alternate; the issue sets no target.
 */
public final class ServerStartBench {

  private static final long SETTLE_MILLIS = 1000;

  private ServerStartBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, 5, List.of(1));
    System.out.println(
        "# server: start to ready line and RSS 1 s after, embedded backends, vs a bare JVM ("
            + System.getProperty("java.vm.name")
            + " "
            + Runtime.version()
            + "); "
            + options.rounds()
            + " start(s) per side"
            + (options.quick() ? "" : " after one warm-up start each")
            + ", alternating"
            + (options.pinServer().isEmpty() ? "" : ", on CPUs " + options.pinServer()));
    Sample cold = new Sample();
    Sample restart = new Sample();
    Sample serverRss = new Sample();
    Sample jvmStart = new Sample();
    Sample jvmRss = new Sample();
    try (Workdir workdir = new Workdir("server")) {
      for (int round = options.quick() ? 0 : -1; round < options.rounds(); round++) {
        boolean measured = round >= 0;
        boolean serverFirst = round % 2 == 0;
        for (int side = 0; side < 2; side++) {
          if ((side == 0) == serverFirst) {
            Path data = workdir.resolve("data-" + (round + 1));
            try (AloftServer server = AloftServer.start(data, Map.of(), options)) {
              Thread.sleep(SETTLE_MILLIS);
              if (measured) {
                record(cold, server.startNanos());
                record(serverRss, server.residentBytes());
              }
            }
            try (AloftServer server = AloftServer.start(data, Map.of(), options)) {
              if (measured) {
                record(restart, server.startNanos());
              }
            }
          } else {
            long[] startAndRss = bareJvm(options);
            if (measured) {
              record(jvmStart, startAndRss[0]);
              record(jvmRss, startAndRss[1]);
            }
          }
        }
      }
    }
    System.out.println(Comparison.line("server cold start", "bare JVM", cold, jvmStart, false));
    System.out.println(Comparison.line("server restart", "bare JVM", restart, jvmStart, false));
    System.out.println(
        Comparison.memoryLine("server RSS after start", "bare JVM", serverRss, jvmRss));
  }

  private static void record(Sample sample, long value) {
    sample.latencies.recordValue(value);
    sample.operations++;
  }

  /** Starts the bare JVM; returns its start to ready line, and its RSS a second later. */
  private static long[] bareJvm(BenchOptions options) throws Exception {
    List<String> command = new ArrayList<>(BenchOptions.pinned(options.pinServer()));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-cp",
            Path.of(IdleJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString(),
            IdleJvm.class.getName()));
    long before = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      long started = System.nanoTime() - before;
      if (!"ready".equals(line)) {
        throw new IllegalStateException("the bare JVM said '" + line + "'");
      }
      Thread.sleep(SETTLE_MILLIS);
      return new long[] {started, Processes.residentBytes(process.pid())};
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
