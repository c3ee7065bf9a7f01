package dev.aloft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark runs end to end in its shortest mode, against the packaged server and the real
 * backends of infra/up, and prints its summary lines with numbers. Whether the numbers meet the
 * targets is for the benchmark runs to say (bench/RESULTS.md), never for a test.
 */
class BenchmarksIT {

  /** Shortest useful run: no warm-up, half-second rounds, one concurrency level. */
  private static final String[] QUICK = {"--quick", "--warmup=0", "--round=0.5", "--concurrency=2"};

  private static final String TIME = "\\d+(\\.\\d)?(us|ms|s)";
  private static final String PERCENTILES =
      " p50 "
          + TIME
          + " vs [a-zA-Z0-9 ]+ "
          + TIME
          + " \\([+-]"
          + TIME
          + ", \\d+\\.\\d\\dx\\) p90 .+ p99 "
          + TIME
          + " vs "
          + TIME
          + " .*";
  private static final String THROUGHPUT = ".* throughput \\d+/s vs \\d+/s \\(\\d+\\.\\d\\dx\\) .*";
  private static final String VERDICT = ".* target: .+ -> (MET|MISSED.*)";

  private interface Main {
    void run(String[] args) throws Exception;
  }

  private static List<String> run(Main main, String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      main.run(args);
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.print(output);
    return output.lines().filter(line -> !line.startsWith("#")).toList();
  }

  private static void assertLines(List<String> lines, String... patterns) {
    assertThat(lines).hasSize(patterns.length);
    for (int i = 0; i < patterns.length; i++) {
      assertThat(lines.get(i)).matches(Pattern.compile(patterns[i]));
    }
  }

  @Test
  void gatewayComparesHttpThroughTheGatewayWithDirectGrpc() throws Exception {
    assertLines(run(GatewayBench::main, QUICK), "gateway c=2" + PERCENTILES + THROUGHPUT + VERDICT);
  }

  @Test
  void proxyComparesGrpcThroughTheProxyWithDirectGrpc() throws Exception {
    assertLines(run(ProxyBench::main, QUICK), "proxy c=2" + PERCENTILES + THROUGHPUT + VERDICT);
  }

  @Test
  void storeAndConfigCompareThePlatformApiWithEachBackendStraight() throws Exception {
    String line = PERCENTILES + THROUGHPUT + VERDICT;
    assertLines(
        run(StoreConfigBench::main, QUICK),
        "store write \\(embedded, c=2\\)" + line,
        "store read \\(embedded, c=2\\)" + line,
        "config set \\(embedded, c=2\\)" + line,
        "config get \\(embedded, c=2\\)" + line,
        "store write \\(postgres, c=2\\)" + line,
        "store read \\(postgres, c=2\\)" + line,
        "config set \\(etcd, c=2\\)" + line,
        "config get \\(etcd, c=2\\)" + line);
  }

  @Test
  void eventsComparePublishToDeliveryWithRawJetStream() throws Exception {
    assertLines(
        run(EventsBench::main, QUICK), "events publish-to-delivery" + PERCENTILES + VERDICT);
  }

  @Test
  void sourceToRunningComparesAloftRunWithMavenAndJavaByHand() throws Exception {
    assertLines(
        run(SourceToRunningBench::main, "--quick"),
        "source to running" + PERCENTILES + VERDICT,
        "watch one-line change" + PERCENTILES + VERDICT);
  }

  /**
   * Opt-in ({@code -Daloft.bench.cluster=true}): even 20 services take minutes on the shared
   * single-node cluster (the operator's start, the tenant's quota counted, its namespace deleted),
   * and every verify would load the cluster the other tests use.
   */
  @Test
  void operatorScaleComparesServicesThroughTheOperatorWithDeploymentsStraight() throws Exception {
    String skip =
        !Boolean.getBoolean("aloft.bench.cluster")
            ? "operator-scale runs only with -Daloft.bench.cluster=true"
            : KubeCluster.problem()
                .map(problem -> "operator-scale skipped: " + problem)
                .orElse(null);
    if (skip != null) {
      System.out.println(skip);
    }
    assumeTrue(skip == null, skip);
    String size = "\\d+\\.\\dMB";
    assertLines(
        run(OperatorScaleBench::main, "--quick", "--services=10"),
        "operator 10 services to Deployments" + PERCENTILES + VERDICT,
        "operator 10 services heap after GC p50 "
            + size
            + " vs idle "
            + size
            + " .* target: largest <= 256MB -> (MET|MISSED.*)",
        "operator 10 services RSS p50 " + size + " vs idle " + size + " .* target: none");
  }

  @Test
  void serverStartIsComparedWithABareJvm() throws Exception {
    String size = "\\d+\\.\\dMB";
    assertLines(
        run(ServerStartBench::main, "--quick"),
        "server cold start" + PERCENTILES + " target: none",
        "server restart" + PERCENTILES + " target: none",
        "server RSS after start p50 " + size + " vs bare JVM " + size + " .* target: none");
  }
}
