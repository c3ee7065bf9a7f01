package dev.aloft.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 9.5: from source to the first answered call on the local runtime. The platform: {@code
 * ./aloft run <copy of examples/helloworld>} (the real launcher and CLI, against a server this
 * program starts) until the gateway answers {@code POST /<service>/call}; then {@code aloft kill}.
 * The baseline, by hand: the same Maven command the runtime runs, {@code java -jar} of the built
 * jar with the service environment (a service account made beforehand), until the gateway answers
 * the same call; then stop it. Each round starts from a folder without {@code target/}.
 *
 * <p>Then {@code --watch}: with {@code aloft run --watch} running, a one-line change of the
 * handler's answer until the gateway serves the new answer; by hand: the same change, stop the
 * running jar, the same Maven command, start the new jar, until the new answer is served.
 *
 * <p>Both sides take turns (A B B A ...) after one warm-up round each (none with {@code --warmup=0}
 * or {@code --quick}). A round is one start, so {@code --rounds} counts starts and {@code --round}
 * is not used.
 */
public final class SourceToRunningBench {

  static final int HTTP_PORT = 18330;
  static final int GRPC_PORT = 18331;
  private static final String EXAMPLE = "examples/helloworld";
  private static final String HANDLER =
      "src/main/java/dev/aloft/examples/helloworld/Helloworld.java";
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);
  private static final long POLL_MILLIS = 20;
  private static final long OLD_ANSWER_POLL_MILLIS = 250;

  private final Workdir workdir;
  private final AloftServer server;
  private final PlatformClient platform;
  private final CliShell cli;
  private final HttpClient http = HttpClient.newHttpClient();
  private String token;
  private final List<Process> started = new ArrayList<>();
  private final Map<String, Sample> phases = new LinkedHashMap<>();

  private SourceToRunningBench(Workdir workdir, AloftServer server, PlatformClient platform)
      throws Exception {
    this.workdir = workdir;
    this.server = server;
    this.platform = platform;
    cli =
        new CliShell(workdir.resolve("cli"))
            .login(server.grpcPort, PlatformClient.NAMESPACE, "loader", "loader-secret-1");
    // The launcher prepares (builds the CLI, installs the SDK when stale) before every `run` and
    // `update`; an update of a service that does not exist has it done once, untimed, so that
    // no round pays for it (then the CLI says NOT_FOUND: exit code 3).
    cli.run(3, "", "update", "hw-none");
    String admin = platform.token("default", "admin", AloftServer.ADMIN_SECRET);
    platform.createAccount(admin, "hw-hand", "hw-hand-secret-1", "service");
    token = platform.userToken;
  }

  /** A new access token of the caller (they last 15 minutes), taken outside the timed parts. */
  private void refreshToken() {
    token = platform.token(PlatformClient.NAMESPACE, "loader", "loader-secret-1");
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, 4, List.of(1));
    if (options.quick()) {
      options = options.withoutWarmup();
    }
    boolean warmup = !options.warmup().isZero();
    System.out.println(
        "# source: examples/helloworld from a folder without target/ to its first answer through"
            + " the gateway, `aloft run` (launcher, CLI, server's local runtime) vs by hand ("
            + String.join(" ", mavenCommand()).replace(maven(), "mvnw")
            + ", java -jar); then a one-line change of the answer, `aloft run --watch` vs by hand"
            + " (stop, the same Maven, java -jar); "
            + (warmup ? "one warm-up round each, " : "")
            + options.rounds()
            + " round(s) per side, alternating, "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs");
    try (Workdir workdir = new Workdir("source");
        // the runtime's builds run the repository's Maven offline in the real local repository,
        // as the baseline does
        AloftServer server =
            AloftServer.start(
                workdir.resolve("data"),
                Map.of("ALOFT_BUILDER_MAVEN", maven(), "ALOFT_BUILDER_MAVEN_OFFLINE", "true"),
                options,
                HTTP_PORT,
                GRPC_PORT);
        PlatformClient platform = new PlatformClient(server)) {
      SourceToRunningBench bench = new SourceToRunningBench(workdir, server, platform);
      try {
        bench.measure(options);
      } finally {
        bench.stopProcesses();
      }
    }
  }

  private void measure(BenchOptions options) throws Exception {
    Path runCopy = copyExample(workdir.resolve("platform"));
    Path handCopy = copyExample(workdir.resolve("hand"));
    // the first round of each side is the warm-up when there is one: its phases are not kept
    int[] rounds = {options.warmup().isZero() ? 1 : 0, options.warmup().isZero() ? 1 : 0};
    Sample[] start =
        Alternation.runWholeOperations(
            options,
            length -> runByAloft(runCopy, "hw-run", rounds[0]++ > 0),
            length -> runByHand(handCopy, rounds[1]++ > 0));
    System.out.println(
        Comparison.line(
            "source to running", "by hand", start[0], start[1], false, Target.p50AtMostTimes(1.3)));
    printPhases();

    Path watchLog = cli.log("watch.log");
    Process watch = cli.start(watchLog, "run", runCopy.toString(), "--name", "hw-watch", "--watch");
    started.add(watch);
    awaitAnswer("hw-watch", "Hello ", watch, watchLog);
    Path handLog = workdir.resolve("hand.log");
    Process[] hand = {startByHand(handCopy, handLog)};
    awaitAnswer("hw-hand", "Hello ", hand[0], handLog);
    int[] change = {0};
    phases.clear();
    // again, the first change of each side is the warm-up when there is one
    int[] changes = {options.warmup().isZero() ? 1 : 0, options.warmup().isZero() ? 1 : 0};
    Sample[] watched =
        Alternation.runWholeOperations(
            options,
            length -> {
              refreshToken();
              String greeting = editAnswer(runCopy, ++change[0]);
              Instant edited = Instant.now();
              long before = System.nanoTime();
              awaitAnswer("hw-watch", greeting, watch, watchLog);
              long took = System.nanoTime() - before;
              if (changes[0]++ > 0) {
                recordAloftPhases("hw-watch", "watch", edited, null, edited.plusNanos(took));
              }
              return Sample.single(took);
            },
            length -> {
              refreshToken();
              String greeting = editAnswer(handCopy, ++change[0]);
              Instant edited = Instant.now();
              long before = System.nanoTime();
              // stopped first, as by hand (Ctrl-C, build, run): the build replaces the jar the
              // running process loads its classes from, so it could not deregister after it
              stop(hand[0]);
              Instant stopped = Instant.now();
              build(handCopy);
              Instant built = Instant.now();
              hand[0] = startByHand(handCopy, handLog);
              awaitAnswer("hw-hand", greeting, hand[0], handLog);
              long took = System.nanoTime() - before;
              if (changes[1]++ > 0) {
                phase("by hand: stop", edited, stopped);
                phase("by hand: build (Maven)", stopped, built);
                phase("by hand: java -jar to first answer", built, edited.plusNanos(took));
              }
              return Sample.single(took);
            });
    System.out.println(
        Comparison.line(
            "watch one-line change",
            "by hand",
            watched[0],
            watched[1],
            false,
            Target.p50AtMostTimes(1.3)));
    printPhases();
    stop(hand[0]);
    stop(watch);
    cli.run("", "kill", "hw-watch");
  }

  /** {@code aloft run FOLDER --name NAME} until the gateway answers; then {@code aloft kill}. */
  private Sample runByAloft(Path folder, String name, boolean measured) throws Exception {
    Workdir.deleteTree(folder.resolve("target"));
    refreshToken();
    Instant start = Instant.now();
    long before = System.nanoTime();
    cli.run("", "run", folder.toString(), "--name", name);
    Instant cliDone = Instant.now();
    awaitAnswer(name, "Hello ", null, null);
    long took = System.nanoTime() - before;
    Instant answered = start.plusNanos(took);
    if (measured) {
      recordAloftPhases(name, "aloft", start, cliDone, answered);
    }
    cli.run("", "kill", name);
    return Sample.single(took);
  }

  /**
   * Where the time of one {@code aloft run} (CLI_DONE: when the command ended) or one change under
   * {@code --watch} (CLI_DONE null) went, from the records since START in the service's log in the
   * server's data folder (stamped by the server's clock, the same clock as this program's).
   */
  private void recordAloftPhases(
      String name, String side, Instant start, Instant cliDone, Instant answered)
      throws IOException {
    Path file =
        server
            .dataDir
            .resolve("runtime")
            .resolve(PlatformClient.NAMESPACE)
            .resolve(name)
            .resolve("service.log");
    Instant accepted = null;
    Instant built = null;
    Instant processStarted = null;
    Instant running = null;
    for (String line : Files.readAllLines(file)) {
      String[] parts = line.split("\t", 3);
      if (parts.length < 3 || Instant.parse(parts[0]).isBefore(start)) {
        continue;
      }
      Instant at = Instant.parse(parts[0]);
      if (accepted == null && parts[1].equals("status")) {
        accepted = at;
      } else if (parts[1].equals("build") && parts[2].startsWith("built")) {
        built = at;
      } else if (parts[1].equals("runtime") && parts[2].startsWith("instance 0 started")) {
        processStarted = at;
      } else if (parts[1].equals("status") && parts[2].equals("running")) {
        running = at;
      }
    }
    if (accepted == null || built == null || processStarted == null || running == null) {
      throw new IllegalStateException(
          "the log of " + name + " lacks a step since " + start + ":\n" + Files.readString(file));
    }
    String first =
        cliDone == null ? ": edit to update (watch, CLI)" : ": launcher and CLI to Create";
    phase(side + first, start, accepted);
    phase(side + ": build (Maven, copy)", accepted, built);
    phase(side + ": built to process started (old one stopped)", built, processStarted);
    phase(side + ": started to running (port accepts)", processStarted, running);
    if (cliDone != null) {
      phase(side + ": running to CLI exit", running, cliDone);
      phase(side + ": CLI exit to first answer", cliDone, answered);
    } else {
      phase(side + ": running to first answer", running, answered);
    }
  }

  private void phase(String name, Instant from, Instant to) {
    phases
        .computeIfAbsent(name, any -> new Sample())
        .add(Sample.single(Duration.between(from, to).toNanos()));
  }

  private void printPhases() {
    for (Map.Entry<String, Sample> phase : phases.entrySet()) {
      System.out.println(
          "# source phase "
              + phase.getKey()
              + ": p50 "
              + Comparison.time(phase.getValue().percentileNanos(50))
              + " (n="
              + phase.getValue().operations
              + ")");
    }
  }

  /** Maven, {@code java -jar}, until the gateway answers; then the process is stopped. */
  private Sample runByHand(Path folder, boolean measured) throws Exception {
    Workdir.deleteTree(folder.resolve("target"));
    refreshToken();
    Path log = workdir.resolve("hand.log");
    Instant start = Instant.now();
    long before = System.nanoTime();
    build(folder);
    Instant built = Instant.now();
    Process process = startByHand(folder, log);
    awaitAnswer("hw-hand", "Hello ", process, log);
    long took = System.nanoTime() - before;
    if (measured) {
      phase("by hand: build (Maven)", start, built);
      phase("by hand: java -jar to first answer", built, start.plusNanos(took));
    }
    stop(process);
    return Sample.single(took);
  }

  /**
   * The Maven of both sides: the repository's wrapper (Maven 3.9, whose plugins are all in the
   * local repository; the machine's {@code mvn} 3.8 needs plexus-utils 1.1 for surefire, which an
   * offline local repository may not have).
   */
  static String maven() {
    return AloftServer.repository().resolve("mvnw").toString();
  }

  /** The command the runtime's builder runs for a Maven project (runtime-builder MavenBuild). */
  static List<String> mavenCommand() {
    return List.of(maven(), "-B", "-q", "-o", "-Dstyle.color=never", "-DskipTests", "package");
  }

  private void build(Path folder) throws IOException, InterruptedException {
    Path log = workdir.resolve("maven.log");
    ProcessBuilder builder =
        new ProcessBuilder(mavenCommand())
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
    Process maven = builder.start();
    if (!maven.waitFor(600, TimeUnit.SECONDS) || maven.exitValue() != 0) {
      maven.destroyForcibly();
      throw new IllegalStateException(
          "the build by hand failed in " + folder + ":\n" + Files.readString(log));
    }
  }

  /** {@code java -jar target/helloworld.jar} with the environment the runtime gives a service. */
  private Process startByHand(Path folder, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                folder.resolve("target/helloworld.jar").toString())
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("ALOFT_"));
    env.put("ALOFT_SERVICE", "hw-hand");
    env.put("ALOFT_NAMESPACE", PlatformClient.NAMESPACE);
    env.put("ALOFT_SERVER", "127.0.0.1:" + server.grpcPort);
    env.put("ALOFT_ACCOUNT_ID", "hw-hand");
    env.put("ALOFT_ACCOUNT_SECRET", "hw-hand-secret-1");
    env.put("ALOFT_GRPC_PORT", "0");
    env.put("ALOFT_ADVERTISE_HOST", "127.0.0.1");
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /**
   * Calls {@code POST /SERVICE/call} through the gateway every 20 ms (every 250 ms while it gives
   * an older answer) until it answers GREETING + "bench"; fails when PROCESS (if any) exits first,
   * or after five minutes.
   */
  private void awaitAnswer(String service, String greeting, Process process, Path log)
      throws Exception {
    String expected = "{\"message\":\"" + greeting + "bench\"}";
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort + "/" + service + "/call"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}"))
            .build();
    long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() == 200 && response.body().equals(expected)) {
        return;
      }
      last = response.statusCode() + " " + response.body();
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(
            service
                + " exited ("
                + process.exitValue()
                + ") before answering "
                + expected
                + "; its output:\n"
                + (log == null ? "" : Files.readString(log)));
      }
      // While the old answer is served (the runtime builds beside the running instance) ask
      // seldom, so that the calls do not take CPU from the build; the by-hand side only asks once
      // its build is done.
      Thread.sleep(response.statusCode() == 200 ? OLD_ANSWER_POLL_MILLIS : POLL_MILLIS);
    }
    throw new IllegalStateException(
        "the gateway did not answer " + expected + " for " + service + "; last: " + last);
  }

  /** Changes the line of the call's answer to "Hello vN "; returns that greeting. */
  private static String editAnswer(Path folder, int change) throws IOException {
    Path handler = folder.resolve(HANDLER);
    String source = Files.readString(handler);
    String greeting = "Hello v" + change + " ";
    String changed =
        source.replaceFirst(
            "setMessage\\(\"Hello [^\"]*\" \\+ request\\.getName\\(\\)\\)\\.build\\(\\)",
            "setMessage(\"" + greeting + "\" + request.getName()).build()");
    if (changed.equals(source)) {
      throw new IllegalStateException("the answer's line is not in " + handler);
    }
    Files.writeString(handler, changed);
    return greeting;
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }

  /** A copy of examples/helloworld, without build output, in DIR/helloworld. */
  private static Path copyExample(Path dir) throws IOException {
    Path source = AloftServer.repository().resolve(EXAMPLE);
    Path copy = dir.resolve("helloworld");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path relative = source.relativize(file);
        if (relative.startsWith("target")) {
          continue;
        }
        Path target = copy.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return copy;
  }

  /** Stops what this program started and is still running (the services by hand, the watch). */
  private void stopProcesses() throws InterruptedException {
    for (Process process : started) {
      if (process.isAlive()) {
        stop(process);
      }
    }
  }
}
