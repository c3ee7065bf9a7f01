package dev.aloft.builder.build;

import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildProgress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one build command: output (stdout and stderr together) goes line by line to the progress as
 * it comes, the last {@value #TAIL_LINES} lines are kept for the error, and the whole process tree
 * is killed when the timeout passes or the calling thread is interrupted.
 *
 * <p>The command runs with this process's environment less what could leak the platform's secrets
 * into the service's build: variables named {@code ALOFT_*} and any whose name holds SECRET,
 * PASSWORD, TOKEN or CREDENTIAL.
 */
public final class BuildProcess {

  static final int TAIL_LINES = 40;

  /** Terminal colour and cursor sequences, which some Maven builds print even in batch mode. */
  private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

  private BuildProcess() {}

  public static void run(List<String> command, Path dir, Duration timeout, BuildProgress progress)
      throws BuildFailedException {
    String shown = String.join(" ", command);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    scrub(builder.environment());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new BuildFailedException("cannot start the build '" + shown + "': " + e.getMessage());
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread reader =
        new Thread(() -> pump(process, tail, progress), "aloft-build-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // The build does not read its input; a closed pipe is fine.
    }
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(process);
      join(reader);
      Thread.currentThread().interrupt();
      throw new BuildFailedException(
          "the build '" + shown + "' was stopped", OptionalInt.empty(), snapshot(tail));
    }
    if (!exited) {
      kill(process);
      join(reader);
      throw new BuildFailedException(
          "the build '" + shown + "' timed out after " + human(timeout) + " and was stopped",
          OptionalInt.empty(),
          snapshot(tail));
    }
    join(reader);
    int exit = process.exitValue();
    if (exit != 0) {
      throw new BuildFailedException(
          "the build '" + shown + "' failed with exit code " + exit + ":",
          OptionalInt.of(exit),
          snapshot(tail));
    }
  }

  static void scrub(Map<String, String> env) {
    env.keySet()
        .removeIf(
            name -> {
              String upper = name.toUpperCase(Locale.ROOT);
              return upper.startsWith("ALOFT_")
                  || upper.contains("SECRET")
                  || upper.contains("PASSWORD")
                  || upper.contains("TOKEN")
                  || upper.contains("CREDENTIAL");
            });
  }

  private static void pump(Process process, Deque<String> tail, BuildProgress progress) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String raw;
      while ((raw = in.readLine()) != null) {
        String line = ANSI_ESCAPE.matcher(raw).replaceAll("");
        if (line.isEmpty() && !raw.isEmpty()) {
          continue;
        }
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        progress.output(line);
      }
    } catch (IOException e) {
      // The process was killed: its output ends here.
    }
  }

  private static List<String> snapshot(Deque<String> tail) {
    synchronized (tail) {
      return new ArrayList<>(tail);
    }
  }

  private static void kill(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread reader) {
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    if (s >= 60 && s % 60 == 0) {
      return (s / 60) + " min";
    }
    return s > 0 ? s + " s" : d.toMillis() + " ms";
  }
}
