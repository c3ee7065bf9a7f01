package dev.aloft.e2e.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as a user would in a shell: its exit code, stdout and stderr. */
record Commands(int exitCode, String out, String err) {

  static Commands run(Path workDir, Map<String, String> env, List<String> command)
      throws Exception {
    Path out = Files.createTempFile("command", ".out");
    Path err = Files.createTempFile("command", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(command + " did not finish:\n" + Files.readString(out));
      }
      return new Commands(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
