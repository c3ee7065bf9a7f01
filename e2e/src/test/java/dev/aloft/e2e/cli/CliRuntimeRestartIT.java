package dev.aloft.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.e2e.server.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to services when the server stops: they stop with it, and the next start of the
 * server on the same data folder runs them again (docs/runtime.md, "When the server stops").
 */
class CliRuntimeRestartIT {

  static final String ADMIN_SECRET = "runtime-restart-admin-secret";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern PID = Pattern.compile("\\[runtime\\] instance 0 started: pid (\\d+)");
  static final Path M2 = Path.of(System.getProperty("user.home"), ".m2");

  @TempDir Path serverDir;
  @TempDir Path userDir;

  private ServerProcess start(int http, int grpc, String log) throws InterruptedException {
    return ServerProcess.launch(
            serverDir.resolve(log),
            Map.of(
                "ALOFT_ADMIN_SECRET",
                ADMIN_SECRET,
                "ALOFT_DATA_DIR",
                serverDir.resolve("data").toString(),
                "HOME",
                serverDir.toString(),
                // the repository's own Maven (its wrapper's, in the real user's ~/.m2): Debian's
                // mvn
                // 3.8 wants plexus-utils 1.1 for old plugins, which an offline build cannot fetch
                "ALOFT_BUILDER_MAVEN",
                ServerProcess.repository().resolve("mvnw")
                    + " -Dmaven.repo.local="
                    + M2.resolve("repository"),
                "MAVEN_USER_HOME",
                M2.toString(),
                "ALOFT_BUILDER_MAVEN_OFFLINE",
                "true"),
            "--http-port",
            Integer.toString(http),
            "--grpc-port",
            Integer.toString(grpc))
        .awaitReady();
  }

  private static List<Long> pids(CliUser user) {
    Matcher matcher = PID.matcher(user.run("logs", "helloworld").assertOk().out());
    return matcher.results().map(result -> Long.parseLong(result.group(1))).toList();
  }

  @Test
  void servicesStopWithTheServerAndRunAgainAtItsNextStart() throws Exception {
    int http = ServerProcess.freePort();
    int grpc = ServerProcess.freePort();
    CliUser admin =
        new CliUser(userDir.resolve("admin"))
            .with("MAVEN_USER_HOME", M2.toString())
            .with("MAVEN_ARGS", "-Dmaven.repo.local=" + M2.resolve("repository"));
    CliRuntimeIT.copyHelloworld(userDir.resolve("admin/helloworld"));
    long first;
    try (ServerProcess server = start(http, grpc, "server-1.log")) {
      admin.useServer(grpc).login("default", "admin", ADMIN_SECRET);
      admin.run("run", "./helloworld").assertOk();
      first = pids(admin).get(0);
      assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).contains(true);
    }
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false))
        .as("the service stopped with the server")
        .isFalse();

    try (ServerProcess server = start(http, grpc, "server-2.log")) {
      admin.login("default", "admin", ADMIN_SECRET);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      JsonNode status = null;
      while (System.nanoTime() < deadline) {
        status =
            JSON.readTree(admin.run("status", "helloworld", "-o", "json").assertOk().out()).get(0);
        if (status.get("status").asText().equals("running")) {
          break;
        }
        Thread.sleep(500);
      }
      assertThat(status.get("status").asText()).as("%s", status).isEqualTo("running");
      List<Long> pids = pids(admin);
      assertThat(pids).hasSize(2);
      assertThat(ProcessHandle.of(pids.get(1)).map(ProcessHandle::isAlive)).contains(true);
      assertThat(admin.run("logs", "helloworld").out())
          .contains("[runtime] server restarted: running the recorded build");
      String answer = "";
      while (!answer.contains("Hello Alice") && System.nanoTime() < deadline) {
        CliResult call = admin.run("call", "helloworld", "Helloworld.Call", "{\"name\":\"Alice\"}");
        answer = call.out();
        if (!answer.contains("Hello Alice")) {
          Thread.sleep(500);
        }
      }
      assertThat(answer).contains("Hello Alice");
      admin.run("kill", "helloworld").assertOk();
    }
  }
}
