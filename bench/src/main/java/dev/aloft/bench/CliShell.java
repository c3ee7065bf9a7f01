package dev.aloft.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A user at a shell running {@code ./aloft ...}, the launcher of the repository (which builds the
 * CLI when stale and installs the SDK before {@code run}): a CLI configuration folder of its own
 * ({@code ALOFT_CONFIG_DIR}), no other {@code ALOFT_*} variable, the real home (so Maven uses the
 * real local repository, as the runtime's builds do).
 */
final class CliShell {

  private static final long TIMEOUT_SECONDS = 600;

  private final Path configDir;
  private final Path logs;
  private int commands;

  CliShell(Path dir) throws IOException {
    this.configDir = Files.createDirectories(dir.resolve("config"));
    this.logs = Files.createDirectories(dir.resolve("logs"));
  }

  /**
   * Points the CLI at the server's gRPC port and logs in as ID with SECRET in NAMESPACE, as {@code
   * aloft env add}, {@code env set} and {@code login --secret-stdin} do.
   */
  CliShell login(int grpcPort, String namespace, String id, String secret)
      throws IOException, InterruptedException {
    run("", "env", "add", "bench", "127.0.0.1:" + grpcPort);
    run("", "env", "set", "bench");
    run(secret + "\n", "login", "--namespace", namespace, "--id", id, "--secret-stdin");
    return this;
  }

  /** Runs {@code ./aloft ARGS} to its end; its output, or an exception with it when it failed. */
  String run(String input, String... args) throws IOException, InterruptedException {
    return run(0, input, args);
  }

  /** Runs {@code ./aloft ARGS}; its output, or an exception when it does not exit with EXIT. */
  String run(int exit, String input, String... args) throws IOException, InterruptedException {
    Path output = logs.resolve("command-" + ++commands + ".log");
    Process process = start(output, args);
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          "aloft " + String.join(" ", args) + " did not end in " + TIMEOUT_SECONDS + " s");
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    if (process.exitValue() != exit) {
      throw new IllegalStateException(
          "aloft "
              + String.join(" ", args)
              + " exited with "
              + process.exitValue()
              + ", not "
              + exit
              + ":\n"
              + text);
    }
    return text;
  }

  /** Starts {@code ./aloft ARGS} in the background, its output (and errors) to OUTPUT. */
  Process start(Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(AloftServer.repository().resolve("aloft").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
    builder.environment().put("ALOFT_CONFIG_DIR", configDir.toString());
    return builder.start();
  }

  /** Where {@link #start} may write a command's output. */
  Path log(String name) {
    return logs.resolve(name);
  }
}
