package dev.aloft.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** One run of the CLI in-process: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

  static CliRun run(Path configDir, String... args) {
    return run(configDir, Map.of(), args);
  }

  static CliRun run(Path configDir, Map<String, String> variables, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        AloftCli.execute(args, configDir, variables, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }
}
