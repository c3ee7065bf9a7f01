package dev.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform commands' own checks, made before any call, and an unreachable platform. */
class PlatformCommandsTest {

  @TempDir Path dir;

  private void assertUsage(String expectedError, String... args) {
    CliRun run = CliRun.run(dir, args);
    assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(String.join(" ", args)).contains(expectedError);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badInputIsNamedAndIsAUsageError() {
    assertUsage("KEY is required (or give --prefix or --suffix)", "store", "read");
    assertUsage(
        "--limit and --offset need --prefix or --suffix", "store", "read", "k", "--limit", "2");
    assertUsage("--limit: must be 0 or more, not -1", "store", "list", "--limit", "-1");
    assertUsage("is not a duration", "store", "write", "k", "v", "--ttl", "soon");
    assertUsage(
        "give either --ttl or --expiry, not both",
        "store",
        "write",
        "k",
        "v",
        "--ttl",
        "5m",
        "--expiry",
        "1900000000");
    assertUsage("VALUE: not valid JSON", "config", "set", "a.b", "{\"x\":");
    assertUsage("--no-auto-ack needs --group", "stream", "consume", "t", "--no-auto-ack");
    assertUsage("mutually exclusive", "stream", "consume", "t", "--offset", "1", "--since", "10m");
    assertUsage(
        "--resource: 'store' is not type:name:endpoint",
        "auth",
        "create",
        "rule",
        "r",
        "--resource",
        "store");
    assertUsage("Missing required option: '--resource", "auth", "create", "rule", "r");
    assertUsage("nothing to change", "auth", "update", "rule", "r");
    assertUsage("--id is required when not run on a terminal", "login");
    assertUsage("a subcommand is needed: read, write, delete, list, databases, tables", "store");
    assertUsage(
        "Invalid value for option '--access'",
        "auth",
        "create",
        "rule",
        "r",
        "--resource",
        "a:b:c",
        "--access",
        "maybe");
  }

  @Test
  void anUnreachablePlatformIsExitFiveNamingTheAddress() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    assertThat(CliRun.run(dir, "env", "add", "gone", address).exitCode()).isZero();
    assertThat(CliRun.run(dir, "env", "set", "gone").exitCode()).isZero();

    CliRun run = CliRun.run(dir, "services");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err())
        .startsWith("aloft: cannot reach environment 'gone' at " + address)
        .contains("is the platform running there?")
        .doesNotContain("Exception\n\tat");
  }

  @Test
  void withoutLoginTokenAndCommandsSayToLogIn() {
    CliRun run = CliRun.run(dir, "auth", "token");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(run.err())
        .contains("not logged in to environment 'local'; log in with: aloft login");

    CliRun logout = CliRun.run(dir, "logout");
    assertThat(logout.exitCode()).isZero();
    assertThat(logout.out()).isEqualTo("not logged in to environment 'local'\n");
  }

  @Test
  void theTokenOfAloftTokenIsPrintedAsIs() {
    CliRun run = CliRun.run(dir, Map.of("ALOFT_TOKEN", "abc.def.ghi"), "auth", "token");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("abc.def.ghi\n");
  }
}
