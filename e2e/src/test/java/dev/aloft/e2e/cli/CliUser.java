package dev.aloft.e2e.cli;

import dev.aloft.e2e.server.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A user at a shell running {@code ./aloft ...}: their own home and CLI config directory ({@code
 * ALOFT_CONFIG_DIR}), no other {@code ALOFT_*} variable unless given.
 */
public final class CliUser {

  // `aloft run` may install the SDK and build a service with Maven first (CliRuntimeIT)
  private static final long TIMEOUT_SECONDS = 600;

  private final Path home;
  private final Map<String, String> variables = new HashMap<>();
  private final Map<Process, Path[]> outputs = new HashMap<>();

  public CliUser(Path home) {
    this.home = home;
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path configDir() {
    return home.resolve(".aloft");
  }

  /** The same user with VARIABLE=VALUE in the environment of every later command. */
  public CliUser with(String variable, String value) {
    variables.put(variable, value);
    return this;
  }

  /** Adds an environment for the test server's gRPC port and makes it current. */
  public CliUser useServer(int grpcPort) {
    run("env", "add", "test", "127.0.0.1:" + grpcPort).assertOk();
    run("env", "set", "test").assertOk();
    return this;
  }

  public CliUser login(String namespace, String id, String secret) {
    runWithInput(secret + "\n", "login", "--namespace", namespace, "--id", id, "--secret-stdin")
        .assertOk();
    return this;
  }

  public CliResult run(String... args) {
    return runWithInput("", args);
  }

  CliResult runWithInput(String input, String... args) {
    Process process = start(args);
    try {
      process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("aloft " + String.join(" ", args) + " did not finish");
      }
      return new CliResult(
          List.of(args),
          process.exitValue(),
          Files.readString(outFile(process), StandardCharsets.UTF_8),
          Files.readString(errFile(process), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Starts {@code ./aloft ARGS} in the background; its output goes to files in the home. */
  Process start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ServerProcess.repository().resolve("aloft").toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(home, "out", ".txt");
      Path err = Files.createTempFile(home, "err", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
      builder.environment().put("HOME", home.toString());
      builder.environment().put("ALOFT_CONFIG_DIR", configDir().toString());
      builder.environment().putAll(variables);
      Process process = builder.start();
      outputs.put(process, new Path[] {out, err});
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path outFile(Process process) {
    return outputs.get(process)[0];
  }

  Path errFile(Process process) {
    return outputs.get(process)[1];
  }
}
