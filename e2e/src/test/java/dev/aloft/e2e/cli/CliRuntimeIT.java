package dev.aloft.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.e2e.infra.InfraEnv;
import dev.aloft.e2e.server.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime driven as a user drives it: {@code ./aloft run} of examples/helloworld from a
 * folder and from the infra git daemon at a tag, called through the gateway and with {@code aloft
 * call}; a crash restarted by the runtime; {@code aloft update} after a new commit; a build error
 * with the compiler's message; {@code aloft kill}.
 */
class CliRuntimeIT {

  static final String ADMIN_SECRET = "runtime-e2e-admin-secret";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern PID = Pattern.compile("\\[runtime\\] instance 0 started: pid (\\d+)");
  static final Path M2 = Path.of(System.getProperty("user.home"), ".m2");

  @TempDir static Path serverDir;
  @TempDir static Path userDir;

  static ServerProcess server;
  static int grpcPort;
  static int httpPort;
  static CliUser admin;

  @BeforeAll
  static void startServer() throws Exception {
    grpcPort = ServerProcess.freePort();
    httpPort = ServerProcess.freePort();
    server =
        ServerProcess.launch(
                serverDir.resolve("server.log"),
                Map.of(
                    "ALOFT_ADMIN_SECRET",
                    ADMIN_SECRET,
                    "ALOFT_DATA_DIR",
                    serverDir.resolve("data").toString(),
                    "HOME",
                    serverDir.toString(),
                    // the services' Maven builds use the real user's repository, offline
                    // the repository's own Maven (its wrapper's, in the real user's ~/.m2):
                    // Debian's mvn
                    // 3.8 wants plexus-utils 1.1 for old plugins, which an offline build cannot
                    // fetch
                    "ALOFT_BUILDER_MAVEN",
                    ServerProcess.repository().resolve("mvnw")
                        + " -Dmaven.repo.local="
                        + M2.resolve("repository"),
                    "MAVEN_USER_HOME",
                    M2.toString(),
                    "ALOFT_BUILDER_MAVEN_OFFLINE",
                    "true"),
                "--http-port",
                Integer.toString(httpPort),
                "--grpc-port",
                Integer.toString(grpcPort))
            .awaitReady();
    admin =
        new CliUser(userDir.resolve("admin"))
            // `./aloft run` installs the SDK first, with Maven in the real user's repository
            .with("MAVEN_USER_HOME", M2.toString())
            .with("MAVEN_ARGS", "-Dmaven.repo.local=" + M2.resolve("repository"))
            .useServer(grpcPort)
            .login("default", "admin", ADMIN_SECRET);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** A copy of examples/helloworld (without build output) at DESTINATION. */
  static Path copyHelloworld(Path destination) throws IOException {
    Path source = ServerProcess.repository().resolve("examples/helloworld");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(f -> !f.toString().contains("/target")).toList()) {
        Path target = destination.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return destination;
  }

  static Path handler(Path helloworld) {
    return helloworld.resolve("src/main/java/dev/aloft/examples/helloworld/Helloworld.java");
  }

  JsonNode status(String service) throws IOException {
    JsonNode all = JSON.readTree(admin.run("status", service, "-o", "json").assertOk().out());
    return all.get(0);
  }

  JsonNode awaitStatus(String service, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = status(service);
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "status of " + service + " never matched; last: " + last + "\n" + logs(service));
  }

  String logs(String service) {
    return admin.run("logs", service).out();
  }

  List<Long> pids(String service) {
    Matcher matcher = PID.matcher(logs(service));
    return matcher.results().map(result -> Long.parseLong(result.group(1))).toList();
  }

  /** POST /SERVICE/call through the gateway as the admin, retried until registered. */
  String callThroughGateway(String service, String name) throws Exception {
    String token = admin.run("auth", "token").assertOk().out().strip();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/" + service + "/call"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> response = null;
    while (System.nanoTime() < deadline) {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return response.body();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("gateway never answered 200: " + response + " " + response.body());
  }

  @Test
  void runAFolderCallItRestartItsCrashAndKillIt() throws Exception {
    copyHelloworld(userDir.resolve("admin/helloworld"));

    CliResult run = admin.run("run", "./helloworld");

    run.assertOk();
    assertThat(run.out())
        .as(run.describe())
        .contains("[status] building", "[build] phase: building", "[status] running")
        .contains("service helloworld is running: running, 1 instance");
    JsonNode running = status("helloworld");
    assertThat(running.get("source").asText())
        .isEqualTo(userDir.resolve("admin/helloworld").toString());
    assertThat(admin.run("status").assertOk().out())
        .containsPattern("NAME +VERSION +SOURCE +STATUS +UPDATED +ERROR")
        .containsPattern("helloworld +latest +/\\S+/helloworld +running +20");

    assertThat(callThroughGateway("helloworld", "Alice"))
        .isEqualTo("{\"message\":\"Hello Alice\"}");
    assertThat(
            admin
                .run("call", "helloworld", "Helloworld.Call", "{\"name\":\"Bob\"}")
                .assertOk()
                .out())
        .contains("Hello Bob");

    long pid = pids("helloworld").get(0);
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    JsonNode restarted =
        awaitStatus(
            "helloworld",
            s -> s.get("restarts").asInt() == 1 && s.get("status").asText().equals("running"));
    assertThat(restarted.get("error").asText()).startsWith("instance 0 exited with code");
    assertThat(pids("helloworld")).hasSize(2).doesNotHaveDuplicates();
    assertThat(callThroughGateway("helloworld", "again")).contains("Hello again");

    assertThat(admin.run("logs", "helloworld", "-n", "1").assertOk().out().lines()).hasSize(1);

    assertThat(admin.run("kill", "helloworld").assertOk().out()).isEqualTo("killed helloworld\n");
    admin.run("logs", "helloworld").assertFails(3);
    assertThat(admin.run("status").assertOk().out()).doesNotContain("helloworld ");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    admin.run("status", "helloworld").assertFails(3);
  }

  @Test
  void aBuildErrorIsReportedWithTheCompilersMessage() throws Exception {
    Path broken = copyHelloworld(userDir.resolve("admin/broken"));
    Files.writeString(
        handler(broken),
        Files.readString(handler(broken)).replace("\"Hello \" + request.getName()", "42"));

    CliResult run = admin.run("run", "./broken", "--name", "broken");

    run.assertFails(1);
    assertThat(run.err()).startsWith("aloft: service 'broken' failed: ");
    assertThat(run.out())
        .as(run.describe())
        .contains("[status] error")
        .contains("incompatible types");
    JsonNode failed = status("broken");
    assertThat(failed.get("status").asText()).isEqualTo("error");
    assertThat(failed.get("error").asText()).contains("incompatible types");
    assertThat(admin.run("status").assertOk().out())
        .containsPattern("broken +latest +/\\S+ +error +20");
    admin.run("kill", "broken").assertOk();
  }

  @Test
  void runFromGitAtATagThenUpdateToTheNewCommitOfTheTag() throws Exception {
    InfraEnv infra = InfraEnv.load();
    String repository = "hello-" + UUID.randomUUID().toString().substring(0, 8) + ".git";
    Path bare = infra.gitReposDir().resolve(repository);
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Path work = copyHelloworld(userDir.resolve("git-work"));
    PersonIdent author = new PersonIdent("Aloft E2E", "e2e@aloft.dev");
    String url = infra.gitBaseUrl() + "/" + repository;
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      git.add().addFilepattern(".").call();
      RevCommit first =
          git.commit()
              .setMessage("helloworld")
              .setAuthor(author)
              .setCommitter(author)
              .setSign(false)
              .call();
      git.tag().setName("v1").setAnnotated(false).call();
      git.push()
          .setRemote(url)
          .setRefSpecs(
              new RefSpec("refs/heads/main:refs/heads/main"),
              new RefSpec("refs/tags/v1:refs/tags/v1"))
          .call();

      CliResult run = admin.run("run", url + "@v1", "--name", "hello-git");
      run.assertOk();
      assertThat(run.out())
          .as(run.describe())
          .contains("[build] phase: fetching", "[status] running");
      JsonNode v1 = status("hello-git");
      assertThat(v1.get("revision").asText()).isEqualTo(first.getName());
      assertThat(v1.get("ref").asText()).isEqualTo("v1");
      assertThat(callThroughGateway("hello-git", "Alice"))
          .isEqualTo("{\"message\":\"Hello Alice\"}");

      Files.writeString(
          handler(work), Files.readString(handler(work)).replace("\"Hello \"", "\"Howdy \""));
      git.add().addFilepattern(".").call();
      RevCommit second =
          git.commit()
              .setMessage("howdy")
              .setAuthor(author)
              .setCommitter(author)
              .setSign(false)
              .call();
      git.tag().setName("v1").setAnnotated(false).setForceUpdate(true).call();
      git.push()
          .setRemote(url)
          .setForce(true)
          .setRefSpecs(
              new RefSpec("refs/heads/main:refs/heads/main"),
              new RefSpec("+refs/tags/v1:refs/tags/v1"))
          .call();

      CliResult update = admin.run("update", "hello-git");
      update.assertOk();
      assertThat(update.out())
          .as(update.describe())
          .contains("service hello-git is updated: running");
      assertThat(status("hello-git").get("revision").asText()).isEqualTo(second.getName());
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String answer = callThroughGateway("hello-git", "Alice");
      while (!answer.contains("Howdy") && System.nanoTime() < deadline) {
        Thread.sleep(500); // the old instance's registration may linger until its TTL
        answer = callThroughGateway("hello-git", "Alice");
      }
      assertThat(answer).isEqualTo("{\"message\":\"Howdy Alice\"}");
      admin.run("kill", "hello-git").assertOk();
    } finally {
      try (Stream<Path> paths = Files.walk(bare)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  @Test
  void runWatchUpdatesTheServiceWhenItsFolderChanges() throws Exception {
    Path watched = copyHelloworld(userDir.resolve("admin/watched"));
    Process watching = admin.start("run", "./watched", "--watch");
    try {
      awaitOutput(watching, "service watched is running: running");
      assertThat(callThroughGateway("watched", "Alice")).isEqualTo("{\"message\":\"Hello Alice\"}");

      Files.writeString(
          handler(watched), Files.readString(handler(watched)).replace("\"Hello \"", "\"Hi \""));

      awaitOutput(watching, "service watched is updated: running");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String answer = callThroughGateway("watched", "Alice");
      while (!answer.contains("Hi Alice") && System.nanoTime() < deadline) {
        Thread.sleep(500); // the old instance's registration may linger until its TTL
        answer = callThroughGateway("watched", "Alice");
      }
      assertThat(answer).isEqualTo("{\"message\":\"Hi Alice\"}");
      assertThat(watching.isAlive()).as("--watch goes on until interrupted").isTrue();
    } finally {
      watching.destroy();
      watching.waitFor();
      admin.run("kill", "watched");
    }
  }

  void awaitOutput(Process process, String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    String out = "";
    while (System.nanoTime() < deadline) {
      out = Files.readString(admin.outFile(process));
      if (out.contains(expected)) {
        return;
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "no '"
            + expected
            + "' in:\n"
            + out
            + "\n--- err:\n"
            + Files.readString(admin.errFile(process)));
  }
}
