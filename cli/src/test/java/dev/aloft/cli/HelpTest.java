package dev.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `--help` works on every command, whatever arguments the command itself requires. */
class HelpTest {

  @TempDir Path dir;

  @Test
  void everyCommandPrintsItsUsageAndExitsZero() {
    CommandLine root =
        new CommandLine(new AloftCli(dir, Map.of(), new PrintWriter(new StringWriter())));
    List<List<String>> commands = new ArrayList<>();
    collect(root, new ArrayList<>(), commands);
    assertThat(commands).hasSizeGreaterThan(30);
    SoftAssertions softly = new SoftAssertions();
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      CliRun run = CliRun.run(dir, args.toArray(String[]::new));
      String line = String.join(" ", args);
      softly.assertThat(run.exitCode()).as(line + ": " + run.err()).isZero();
      softly.assertThat(run.out()).as(line).startsWith("Usage: aloft" + prefixed(command));
      softly.assertThat(run.err()).as(line).isEmpty();
    }
    softly.assertAll();
  }

  private static String prefixed(List<String> command) {
    return command.isEmpty() ? "" : " " + String.join(" ", command);
  }

  private static void collect(
      CommandLine commandLine, List<String> path, List<List<String>> commands) {
    commands.add(List.copyOf(path));
    commandLine
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals(sub.getCommandName())) {
                return; // an alias
              }
              List<String> child = new ArrayList<>(path);
              child.add(name);
              collect(sub, child, commands);
            });
  }
}
