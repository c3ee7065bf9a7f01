package dev.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime commands' own checks, made before any call, and an unreachable platform. */
class RuntimeCommandsTest {

  @TempDir Path dir;

  private void assertUsage(String expectedError, String... args) {
    CliRun run = CliRun.run(dir, args);
    assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(String.join(" ", args)).contains(expectedError);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badInputIsNamedAndIsAUsageError() {
    assertUsage(
        "aloft: SOURCE: 'no/such/folder' is neither a folder nor a git URL",
        "run",
        "no/such/folder");
    assertUsage(
        "--watch works with local folders only",
        "run",
        "git://127.0.0.1:9418/shop.git@v1",
        "--watch");
    assertUsage("--instances: 0 is not 1 to 16", "run", dir.toString(), "--instances", "0");
    assertUsage("-n: must be 0 or more, not -1", "logs", "orders", "-n", "-1");
    assertUsage("Missing required parameter: 'SERVICE'", "kill");
    assertUsage("Missing required parameter: 'SERVICE'", "update");
    assertUsage("Missing required parameter: 'SOURCE'", "run");
  }

  @Test
  void anUnreachablePlatformIsExitFive() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(CliRun.run(dir, "env", "add", "gone", "127.0.0.1:" + port).exitCode()).isZero();
    assertThat(CliRun.run(dir, "env", "set", "gone").exitCode()).isZero();
    for (String[] args :
        new String[][] {
          {"run", dir.toString()}, {"status"}, {"logs", "x"}, {"update", "x"}, {"kill", "x"}
        }) {
      CliRun run = CliRun.run(dir, args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.UNAVAILABLE);
      assertThat(run.err()).startsWith("aloft: cannot reach environment 'gone'");
    }
  }
}
