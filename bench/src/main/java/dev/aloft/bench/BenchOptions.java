package dev.aloft.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags every benchmark takes. Defaults keep a full run of all benchmarks under about ten
 * minutes; {@code --quick} is the shortest run that still prints every line (what BenchmarksIT
 * runs).
 *
 * <pre>
 * --quick                 1 s warm-up, 1 round of 1 s per side
 * --warmup=SECONDS        least warm-up per side; it goes on while the side's throughput rises
 * --warmup-max=SECONDS    longest warm-up per side
 * --rounds=N              measured rounds per side; platform and baseline alternate (ABBA)
 * --round=SECONDS         length of one round
 * --concurrency=1,16      callers in flight (a line per level, where the benchmark has levels)
 * --pin-server=CPUS       run the server under `taskset -c CPUS`
 * --pin-load=CPUS         run the load generator (wrk) under `taskset -c CPUS`
 * --server-jvm-opts=OPTS  JVM options of the server process
 * --only=WORD,WORD        only the lines whose name holds one of the words (store: "postgres")
 * </pre>
 */
record BenchOptions(
    boolean quick,
    Duration warmup,
    Duration warmupMax,
    int rounds,
    Duration round,
    List<Integer> concurrency,
    String pinServer,
    String pinLoad,
    String serverJvmOpts,
    List<String> only) {

  /** The options of ARGS; a flag that is not one stops the program with one line (exit code 2). */
  static BenchOptions parse(String[] args, int defaultRounds, List<Integer> defaultConcurrency) {
    return parse(args, defaultRounds, defaultConcurrency, false);
  }

  /**
   * The options of ARGS, with {@code --only} allowed where LINES_CHOSEN (the benchmark asks {@link
   * #runs} before each line); elsewhere it is refused rather than ignored.
   */
  static BenchOptions parse(
      String[] args, int defaultRounds, List<Integer> defaultConcurrency, boolean linesChosen) {
    try {
      return read(args, defaultRounds, defaultConcurrency, linesChosen);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  static BenchOptions read(
      String[] args, int defaultRounds, List<Integer> defaultConcurrency, boolean linesChosen) {
    boolean quick = List.of(args).contains("--quick");
    // 20 s: after 5 s the server's JIT compiler still took about half of the server's CPU during
    // the measured rounds on 2 cores, and the platform's lines came out up to 2.4x low (RESULTS.md)
    Duration warmup = Duration.ofSeconds(quick ? 1 : 20);
    // the embedded store write through the server was still rising at 50 s on 2 cores (Warmup)
    Duration warmupMax = Duration.ofSeconds(quick ? 1 : 120);
    int rounds = quick ? 1 : defaultRounds;
    Duration round = Duration.ofSeconds(quick ? 1 : 3);
    List<Integer> concurrency = defaultConcurrency;
    String pinServer = "";
    String pinLoad = "";
    String jvmOpts = "";
    List<String> only = List.of();
    for (String arg : args) {
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
      if (arg.equals("--quick")) {
        continue;
      } else if (arg.startsWith("--warmup=")) {
        warmup = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
      } else if (arg.startsWith("--warmup-max=")) {
        warmupMax = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
      } else if (arg.startsWith("--rounds=")) {
        rounds = Integer.parseInt(value);
      } else if (arg.startsWith("--round=")) {
        round = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
      } else if (arg.startsWith("--concurrency=")) {
        List<Integer> levels = new ArrayList<>();
        for (String level : value.split(",")) {
          levels.add(Integer.parseInt(level.trim()));
        }
        concurrency = List.copyOf(levels);
      } else if (arg.startsWith("--pin-server=")) {
        pinServer = value;
      } else if (arg.startsWith("--pin-load=")) {
        pinLoad = value;
      } else if (arg.startsWith("--server-jvm-opts=")) {
        jvmOpts = value;
      } else if (arg.startsWith("--only=")) {
        only = List.of(value.split(",", -1));
        if (only.stream().anyMatch(String::isBlank)) {
          throw new IllegalArgumentException("--only takes words separated by commas: " + value);
        }
      } else {
        throw new IllegalArgumentException(
            "unknown flag '"
                + arg
                + "' (flags: --quick --warmup=S --warmup-max=S --rounds=N --round=S --concurrency=1,16"
                + " --pin-server=CPUS --pin-load=CPUS --server-jvm-opts=OPTS --only=WORDS)");
      }
    }
    if (!linesChosen && !only.isEmpty()) {
      throw new IllegalArgumentException(
          "--only: this benchmark runs all of its lines (the store benchmark takes --only)");
    }
    if (rounds < 1 || round.isNegative() || round.isZero() || concurrency.isEmpty()) {
      throw new IllegalArgumentException("rounds, round and concurrency must be positive");
    }
    if (warmupMax.compareTo(warmup) < 0) {
      warmupMax = warmup;
    }
    return new BenchOptions(
        quick, warmup, warmupMax, rounds, round, concurrency, pinServer, pinLoad, jvmOpts, only);
  }

  /** These options without a warm-up. */
  BenchOptions withoutWarmup() {
    return new BenchOptions(
        quick,
        Duration.ZERO,
        Duration.ZERO,
        rounds,
        round,
        concurrency,
        pinServer,
        pinLoad,
        serverJvmOpts,
        only);
  }

  /** Whether the line MEASURE runs: every line does unless {@code --only} names words. */
  boolean runs(String measure) {
    return only.isEmpty() || only.stream().anyMatch(measure::contains);
  }

  /** The command prefix that pins a process to CPUS, or nothing. */
  static List<String> pinned(String cpus) {
    return cpus.isEmpty() ? List.of() : List.of("taskset", "-c", cpus);
  }

  String describe() {
    return "warm-up "
        + warmup.toMillis() / 1000.0
        + " s to "
        + warmupMax.toMillis() / 1000.0
        + " s per side (until steady), "
        + rounds
        + " round(s) of "
        + round.toMillis() / 1000.0
        + " s per side, alternating"
        + (pinServer.isEmpty() ? "" : ", server on CPUs " + pinServer)
        + (pinLoad.isEmpty() ? "" : ", load generator on CPUs " + pinLoad)
        + (only.isEmpty() ? "" : ", only lines naming " + String.join(" or ", only))
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " CPUs";
  }
}
