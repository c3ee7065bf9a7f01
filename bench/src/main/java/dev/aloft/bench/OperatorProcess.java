package dev.aloft.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged operator ({@code operator/target/quarkus-app/quarkus-run.jar}) started as a process,
 * its three controllers restricted to resources labelled {@code SELECTOR} (so that it leaves every
 * other operator's resources on a shared cluster alone), pointed at the cluster by a kubeconfig and
 * at the backends of {@code infra/up} by the {@code ALOFT_*} variables its configuration reads.
 */
final class OperatorProcess implements AutoCloseable {

  private static final String STARTED = " started in ";
  private static final long START_TIMEOUT_SECONDS = 180;
  private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
  private static final List<String> INFRA =
      List.of(
          "ALOFT_KEYCLOAK_URL",
          "ALOFT_KEYCLOAK_ADMIN_USER",
          "ALOFT_KEYCLOAK_ADMIN_PASSWORD",
          "ALOFT_ETCD_ENDPOINTS",
          "ALOFT_POSTGRES_JDBC_URL",
          "ALOFT_POSTGRES_USER",
          "ALOFT_POSTGRES_PASSWORD",
          "ALOFT_NATS_URL");

  private final Process process;
  private final Path log;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile boolean ready;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static Path jar() {
    Path jar = AloftServer.repository().resolve("operator/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it with bench/run, or ./mvnw -pl operator -am package");
    }
    return jar;
  }

  /**
   * Starts the operator on HTTP_PORT with its controllers selecting SELECTOR; returns once Quarkus
   * says it started.
   */
  static OperatorProcess start(
      Path kubeconfig, String selector, int httpPort, Path log, BenchOptions options)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(BenchOptions.pinned(options.pinServer()));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!options.serverJvmOpts().isBlank()) {
      command.addAll(List.of(options.serverJvmOpts().trim().split("\\s+")));
    }
    for (String controller : List.of("tenant", "environment", "service")) {
      command.add("-Dquarkus.operator-sdk.controllers." + controller + ".selector=" + selector);
    }
    command.add("-Dquarkus.http.port=" + httpPort);
    command.add("-Dkubeconfig=" + kubeconfig);
    command.addAll(List.of("-jar", jar().toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
    InfraEnv infra = new InfraEnv();
    for (String variable : INFRA) {
      String value = infra.get(variable, "");
      if (!value.isEmpty()) {
        builder.environment().put(variable, value);
      }
    }
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    OperatorProcess operator = new OperatorProcess(builder.start(), log);
    operator.pump();
    if (!operator.started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) || !operator.ready) {
      String output = operator.output();
      operator.close();
      throw new IllegalStateException("the operator did not start; its output:\n" + output);
    }
    return operator;
  }

  private void pump() {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader out =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = out.readLine()) != null; ) {
                  if (!ready && line.contains(STARTED)) {
                    ready = true;
                    started.countDown();
                  }
                  file.write(line);
                  file.write('\n');
                  file.flush();
                }
              } catch (IOException e) {
                // the process is gone
              }
              started.countDown();
            },
            "bench-operator-output");
    thread.setDaemon(true);
    thread.start();
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * The operator's heap in use right after a full collection ({@code jcmd GC.run}, then {@code
   * GC.heap_info}), in bytes: what it keeps live, whatever its maximum heap.
   */
  long heapUsedAfterGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher used = HEAP_USED.matcher(info);
    if (!used.find()) {
      throw new IllegalStateException("no 'total ...K, used ...K' in jcmd GC.heap_info:\n" + info);
    }
    return Long.parseLong(used.group(2)) * 1024;
  }

  long residentBytes() throws IOException {
    return Processes.residentBytes(process.pid());
  }

  private String jcmd(String what) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process run =
        new ProcessBuilder(jcmd.toString(), "" + process.pid(), what)
            .redirectErrorStream(true)
            .start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + what + " failed:\n" + output);
    }
    return output;
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
