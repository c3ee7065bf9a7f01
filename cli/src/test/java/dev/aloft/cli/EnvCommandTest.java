package dev.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvCommandTest {

  @TempDir Path dir;

  @Test
  void freshConfigListsTheBuiltInLocalEnvironmentAsCurrent() {
    CliRun run = CliRun.run(dir, "env");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .containsExactly("NAME   ADDRESS         CURRENT", "local  127.0.0.1:8081  *");
  }

  @Test
  void addSetGetAndDeleteAnEnvironment() throws Exception {
    assertThat(CliRun.run(dir, "env", "add", "prod", "grpcs://aloft.example:443").exitCode())
        .isZero();
    assertThat(CliRun.run(dir, "env", "set", "prod").out()).contains("current environment: prod");

    CliRun get = CliRun.run(dir, "env", "get", "-o", "json");
    assertThat(get.out()).contains("\"name\" : \"prod\"").contains("grpcs://aloft.example:443");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("config.json"))))
        .isEqualTo("rw-------");

    CliRun delete = CliRun.run(dir, "env", "del", "prod");
    assertThat(delete.exitCode()).isZero();
    assertThat(delete.out()).contains("current: local");
    assertThat(CliRun.run(dir, "env", "list").out()).doesNotContain("prod");
  }

  @Test
  void mistakesAreNamedWithDistinctExitCodes() {
    CliRun unknown = CliRun.run(dir, "env", "set", "staging");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknown.err()).isEqualTo("aloft: no environment named 'staging' (known: local)\n");

    CliRun badName = CliRun.run(dir, "env", "add", "Prod!", "host:1");
    assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badName.err()).contains("environment name 'Prod!' is invalid");

    CliRun badAddress = CliRun.run(dir, "env", "add", "prod", "http://x y");
    assertThat(badAddress.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badAddress.err()).contains("address 'http://x y' is invalid");

    CliRun builtIn = CliRun.run(dir, "env", "del", "local");
    assertThat(builtIn.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(builtIn.err()).contains("'local' is built in");

    CliRun duplicate = CliRun.run(dir, "env", "add", "local", "host:1");
    assertThat(duplicate.exitCode()).isEqualTo(ExitCodes.ALREADY_EXISTS);
    assertThat(duplicate.err()).contains("environment 'local' already exists");
  }

  @Test
  void brokenConfigFileIsNamedAndLeftAlone() throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), "{not json");

    CliRun run = CliRun.run(dir, "env", "add", "prod", "host:1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).startsWith("aloft: " + config + " is not valid JSON");
    assertThat(Files.readString(config)).isEqualTo("{not json");
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() {
    CliRun run = CliRun.run(dir, "env", "--bogus");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Unknown option: '--bogus'").contains("aloft env --help");

    CliRun bad = CliRun.run(dir, "-o", "yaml", "env");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("yaml");
  }

  @Test
  void completionScriptCoversCommands() {
    CliRun run = CliRun.run(dir, "completion");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -F").contains("env");
  }
}
