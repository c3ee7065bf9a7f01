package dev.aloft.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.e2e.cli.CliResult;
import dev.aloft.e2e.cli.CliUser;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * One platform, two runtimes: the same {@code aloft run}, {@code status}, {@code logs}, {@code
 * update} and {@code kill} against a server of the cluster profile whose runtime is Kubernetes
 * ({@code aloft.runtime.backend=kubernetes}). On the local cluster (infra/k8s/up), with the
 * operator and the server started from their jars as processes: an admin applies a tenant and an
 * environment with kubectl; a developer pushes examples/helloworld to the git daemon, runs its git
 * URL (a {@code Service} resource the operator builds in a Job, pushes to the local registry and
 * deploys), calls it through the gateway, reads its logs, pushes a new commit and updates (the new
 * revision answers), pushes a commit that does not compile and updates (status error with the
 * compiler's message, the old revision still answers), and kills it (resource and pods gone).
 *
 * <p>Everything it makes is named {@code cr-...} and labelled {@code aloft.dev/test=cr}; its
 * operator reconciles only resources with that label. Like {@code KeycloakServerIT}, it owns the
 * realm {@code aloft-default} of the infra's Keycloak while it runs (the platform admin's).
 *
 * <p>The service is pushed as examples/helloworld has it: its build in the cluster resolves the SDK
 * (not on Maven Central) from the Maven repository the runtime-builder image carries, and
 * everything else from Maven Central.
 */
class ClusterRunIT {

  static final String LABEL = "aloft.dev/test";
  static final String ADMIN_SECRET = "cluster-run-e2e-admin";
  static final String VERSION = "0.1.0-SNAPSHOT";
  static final int OPERATOR_HTTP_PORT = 18312;
  static final int SERVER_HTTP_PORT = 18313;
  static final int SERVER_GRPC_PORT = 18314;
  static final ObjectMapper JSON = new ObjectMapper();
  static final PersonIdent AUTHOR = new PersonIdent("Aloft E2E", "e2e@aloft.dev");

  @TempDir static Path dir;

  static Kubectl kubectl;
  static InfraEnv infra;
  static String suffix;
  static String tenant;
  static String environment;
  static Path bareRepository;
  static OperatorProcess operator;
  static ServerProcess server;
  static CliUser developer;

  @BeforeAll
  static void startThePlatform() throws Exception {
    kubectl = new Kubectl(Kubectl.localKubeconfig());
    assertThat(kubectl.kubeconfig())
        .as("the local cluster's kubeconfig: start it with infra/k8s/up")
        .isReadable();
    infra = InfraEnv.load();
    requireBuilderImage();
    suffix = UUID.randomUUID().toString().substring(0, 6);
    tenant = "cr-e2e-" + suffix;
    environment = "cr-dev-" + suffix;

    kubectl.run(
        "apply",
        "--server-side",
        "--force-conflicts",
        "-f",
        ServerProcess.repository().resolve("crds").toString());
    String nodeIp =
        kubectl
            .run(
                "get",
                "nodes",
                "-o",
                "jsonpath={.items[0].status.addresses[?(@.type==\"InternalIP\")].address}")
            .strip();
    assertThat(nodeIp).as("the node's InternalIP").isNotEmpty();

    Map<String, String> backends = new LinkedHashMap<>();
    for (String key :
        List.of(
            "ALOFT_ETCD_ENDPOINTS",
            "ALOFT_POSTGRES_JDBC_URL",
            "ALOFT_POSTGRES_USER",
            "ALOFT_POSTGRES_PASSWORD",
            "ALOFT_NATS_URL",
            "ALOFT_KEYCLOAK_URL",
            "ALOFT_KEYCLOAK_ADMIN_USER",
            "ALOFT_KEYCLOAK_ADMIN_PASSWORD")) {
      backends.put(key, infra.get(key));
    }

    Map<String, String> operatorEnv = new LinkedHashMap<>(backends);
    operatorEnv.put("KUBECONFIG", kubectl.kubeconfig().toString());
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("quarkus.http.port", Integer.toString(OPERATOR_HTTP_PORT));
    for (String controller : List.of("tenant", "environment", "service")) {
      settings.put("quarkus.operator-sdk.controllers." + controller + ".selector", LABEL + "=cr");
    }
    // service pods reach the server on the node's address; build Jobs reach the git daemon and
    // the registry on the node's loopback
    settings.put("aloft.platform.server-address", nodeIp + ":" + SERVER_GRPC_PORT);
    settings.put("aloft.builder.host-network", "true");
    operator =
        OperatorProcess.start(dir.resolve("operator.log"), operatorEnv, settings).awaitStarted();

    kubectl.apply(
        """
        apiVersion: aloft.dev/v1alpha1
        kind: Environment
        metadata:
          name: %s
          labels: {%s: cr}
        spec:
          imageRegistry: {repository: %s/aloft-cr, insecure: true}
          allowedTenants: [%s]
        ---
        apiVersion: aloft.dev/v1alpha1
        kind: Namespace
        metadata:
          name: %s
          labels: {%s: cr}
        spec:
          networkPolicy: Disabled
        """
            .formatted(environment, LABEL, infra.registry(), tenant, tenant, LABEL));
    await(
        "tenant " + tenant + " Ready",
        Duration.ofSeconds(180),
        () ->
            kubectl
                .run("get", "atns", tenant, "-o", "jsonpath={.status.phase}")
                .strip()
                .equals("Ready"));

    deleteRealm("aloft-default");
    Map<String, String> serverEnv = new LinkedHashMap<>(backends);
    serverEnv.put("KUBECONFIG", kubectl.kubeconfig().toString());
    serverEnv.put("ALOFT_ADMIN_SECRET", ADMIN_SECRET);
    serverEnv.put("ALOFT_DATA_DIR", dir.resolve("data").toString());
    serverEnv.put("HOME", dir.toString());
    serverEnv.put("ALOFT_RUNTIME_BACKEND", "kubernetes");
    serverEnv.put("ALOFT_RUNTIME_ENVIRONMENT", environment);
    serverEnv.put("ALOFT_RUNTIME_KUBERNETES_LABELS", LABEL + "=cr");
    server =
        ServerProcess.launch(
                dir.resolve("server.log"),
                serverEnv,
                "--profile",
                "cluster",
                "--http-port",
                Integer.toString(SERVER_HTTP_PORT),
                "--grpc-port",
                Integer.toString(SERVER_GRPC_PORT))
            .awaitReady();

    Path m2 = Path.of(System.getProperty("user.home"), ".m2");
    developer =
        new CliUser(dir.resolve("developer"))
            .with("MAVEN_USER_HOME", m2.toString())
            .with("MAVEN_ARGS", "-Dmaven.repo.local=" + m2.resolve("repository"))
            .useServer(SERVER_GRPC_PORT)
            .login("default", "admin", ADMIN_SECRET)
            .with("ALOFT_NAMESPACE", tenant);
  }

  @AfterAll
  static void stopThePlatform() throws Exception {
    try {
      keepWhatHappened();
      if (kubectl != null && tenant != null) {
        // the operator deletes what the tenant got (namespace, realm, partitions) while it runs
        kubectl.run("delete", "atns", tenant, "--ignore-not-found", "--wait=false");
        kubectl.run("delete", "aenv", environment, "--ignore-not-found", "--wait=false");
        if (operator != null) {
          await(
              "tenant " + tenant + " deleted",
              Duration.ofSeconds(180),
              () -> kubectl.run("get", "atns", "--ignore-not-found", tenant).isBlank());
        }
        // owned by the tenant, so the garbage collector would delete it; do not wait for it
        kubectl.run("delete", "namespace", "aloft-" + tenant, "--ignore-not-found", "--wait=false");
      }
    } finally {
      if (server != null) {
        server.close();
      }
      if (operator != null) {
        operator.close();
      }
      if (bareRepository != null) {
        try (Stream<Path> paths = Files.walk(bareRepository)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      if (infra != null) {
        deleteRealm("aloft-default");
      }
    }
  }

  @Test
  void runFromGitCallUpdateBreakAndKillOnTheCluster() throws Exception {
    String repository = "cr-hello-" + suffix + ".git";
    bareRepository = infra.gitReposDir().resolve(repository);
    Git.init()
        .setBare(true)
        .setInitialBranch("main")
        .setDirectory(bareRepository.toFile())
        .call()
        .close();
    String url = infra.gitBaseUrl() + "/" + repository;
    Path work = helloworldCopy(dir.resolve("work"));
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      RevCommit first = commitAndPush(git, url, "helloworld");

      CliResult run = developer.run("run", url + "@main", "--name", "helloworld");

      run.assertOk();
      assertThat(run.out())
          .as(run.describe())
          .contains("[status] pending", "[status] building", "[status] running")
          .contains("[build] ")
          .contains(
              "service helloworld is running: running, 1 instance, commit " + first.getName());
      JsonNode running = status("helloworld");
      assertThat(running.get("revision").asText()).isEqualTo(first.getName());
      assertThat(running.get("ref").asText()).isEqualTo("main");
      assertThat(running.get("source").asText()).isEqualTo(url + "@main");
      assertThat(developer.run("status").assertOk().out())
          .containsPattern(
              "helloworld +\\S+ +"
                  + java.util.regex.Pattern.quote(url)
                  + "@main \\([0-9a-f]+\\) +running");
      assertThat(
              kubectl.run(
                  "get",
                  "asvc",
                  "helloworld",
                  "-n",
                  "aloft-" + tenant,
                  "-o",
                  "jsonpath={.status.image}"))
          .startsWith(infra.registry() + "/aloft-cr/" + tenant + "/helloworld@sha256:");
      assertThat(
              kubectl.run(
                  "get",
                  "pods",
                  "-n",
                  "aloft-" + tenant,
                  "-l",
                  "aloft.dev/service=helloworld",
                  "-o",
                  "jsonpath={.items[*].status.phase}"))
          .contains("Running");

      assertThat(callThroughGateway("Alice", "Hello")).isEqualTo("{\"message\":\"Hello Alice\"}");

      String logs = developer.run("logs", "helloworld").assertOk().out();
      assertThat(logs)
          .contains("[build] ")
          .containsPattern("\\[helloworld-[a-z0-9-]+\\] cr-e2e: helloworld starts");

      Files.writeString(
          handler(work), Files.readString(handler(work)).replace("\"Hello \"", "\"Howdy \""));
      RevCommit second = commitAndPush(git, url, "howdy");

      CliResult update = developer.run("update", "helloworld");

      update.assertOk();
      assertThat(update.out())
          .as(update.describe())
          .contains("[status] building")
          .contains(
              "service helloworld is updated: running, 1 instance, commit " + second.getName());
      assertThat(status("helloworld").get("revision").asText()).isEqualTo(second.getName());
      assertThat(callThroughGateway("Alice", "Howdy")).isEqualTo("{\"message\":\"Howdy Alice\"}");

      Files.writeString(
          handler(work),
          Files.readString(handler(work)).replace("\"Howdy \" + request.getName()", "42"));
      commitAndPush(git, url, "does not compile");

      CliResult broken = developer.run("update", "helloworld");

      broken.assertFails(1);
      assertThat(broken.err()).startsWith("aloft: service 'helloworld' failed: Built: build Job ");
      JsonNode failed = status("helloworld");
      assertThat(failed.get("status").asText()).isEqualTo("error");
      assertThat(failed.get("error").asText()).contains("incompatible types");
      assertThat(failed.get("revision").asText())
          .as("the pods still run the last good commit")
          .isEqualTo(second.getName());
      assertThat(callThroughGateway("Bob", "Howdy")).isEqualTo("{\"message\":\"Howdy Bob\"}");

      assertThat(developer.run("kill", "helloworld").assertOk().out())
          .isEqualTo("killed helloworld\n");
      await(
          "Service helloworld gone",
          Duration.ofSeconds(120),
          () ->
              kubectl
                  .run("get", "asvc", "-n", "aloft-" + tenant, "--ignore-not-found", "helloworld")
                  .isBlank());
      developer.run("status", "helloworld").assertFails(3);
      // its Deployment is owned by the Service: the cluster's garbage collector removes it, and
      // with it the pods (slow when the collector has a backlog, hence the long wait)
      await(
          "the pods of helloworld gone",
          Duration.ofSeconds(300),
          () ->
              kubectl
                  .run(
                      "get",
                      "pods",
                      "-n",
                      "aloft-" + tenant,
                      "-l",
                      "aloft.dev/service=helloworld",
                      "-o",
                      "name")
                  .isBlank());
    }
  }

  /**
   * Copies the server's and the operator's logs and what the tenant's namespace holds (resources,
   * pods and their logs) to {@code target/cluster-run-it/}, for whoever reads a failure.
   */
  static void keepWhatHappened() {
    try {
      Path keep = Path.of("target", "cluster-run-it");
      Files.createDirectories(keep);
      if (server != null) {
        Files.writeString(keep.resolve("server.log"), server.output());
      }
      if (operator != null) {
        Files.writeString(keep.resolve("operator.log"), operator.output());
      }
      if (kubectl != null && tenant != null) {
        String namespace = "aloft-" + tenant;
        StringBuilder cluster = new StringBuilder();
        for (List<String> command :
            List.of(
                List.of("get", "asvc,deploy,jobs,pods", "-n", namespace, "-o", "wide"),
                List.of("get", "asvc", "-n", namespace, "-o", "yaml"),
                List.of("describe", "pods", "-n", namespace),
                List.of("logs", "-n", namespace, "-l", "aloft.dev/service", "--tail", "200"),
                List.of(
                    "logs",
                    "-n",
                    namespace,
                    "-l",
                    "aloft.dev/service",
                    "--previous",
                    "--tail",
                    "200"))) {
          cluster.append("$ kubectl ").append(String.join(" ", command)).append('\n');
          try {
            cluster.append(kubectl.run(command.toArray(String[]::new)));
          } catch (AssertionError e) {
            cluster.append(e.getMessage()).append('\n');
          }
        }
        Files.writeString(keep.resolve("cluster.txt"), cluster.toString());
      }
    } catch (IOException e) {
      System.err.println("cannot keep the logs: " + e);
    }
  }

  // ---- the developer's repository

  /** A copy of examples/helloworld, unchanged but for a line it prints when it starts. */
  static Path helloworldCopy(Path destination) throws IOException {
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
    Path main = destination.resolve("src/main/java/dev/aloft/examples/helloworld/Main.java");
    Files.writeString(
        main,
        Files.readString(main)
            .replace(
                "  public static void main(String[] args) {\n",
                "  public static void main(String[] args) {\n"
                    + "    System.out.println(\"cr-e2e: helloworld starts\");\n"));
    return destination;
  }

  static Path handler(Path helloworld) {
    return helloworld.resolve("src/main/java/dev/aloft/examples/helloworld/Helloworld.java");
  }

  static RevCommit commitAndPush(Git git, String url, String message) throws Exception {
    git.add().addFilepattern(".").call();
    RevCommit commit =
        git.commit()
            .setMessage(message)
            .setAuthor(AUTHOR)
            .setCommitter(AUTHOR)
            .setSign(false)
            .call();
    git.push().setRemote(url).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
    return commit;
  }

  // ---- what the developer sees

  JsonNode status(String service) throws IOException {
    return JSON.readTree(developer.run("status", service, "-o", "json").assertOk().out()).get(0);
  }

  /**
   * POST /helloworld/call through the gateway as the admin acting in the tenant's namespace,
   * retried until the answer starts with GREETING (a pod registers once it runs; a replaced pod's
   * registration may linger until its TTL).
   */
  String callThroughGateway(String name, String greeting) throws Exception {
    String token = developer.run("auth", "token").assertOk().out().strip();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + SERVER_HTTP_PORT + "/helloworld/call"))
            .header("Authorization", "Bearer " + token)
            .header("Aloft-Namespace", tenant)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    HttpResponse<String> response = null;
    while (System.nanoTime() < deadline) {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200 && response.body().contains(greeting + " " + name)) {
        return response.body();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "the gateway never answered '"
            + greeting
            + " "
            + name
            + "': "
            + response
            + " "
            + response.body());
  }

  // ---- the environment

  static void requireBuilderImage() throws Exception {
    String image = "aloft/runtime-builder";
    HttpResponse<String> manifest =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://"
                                + infra.registry()
                                + "/v2/"
                                + image
                                + "/manifests/"
                                + VERSION))
                    .header(
                        "Accept",
                        "application/vnd.docker.distribution.manifest.v2+json,"
                            + "application/vnd.oci.image.manifest.v1+json")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(manifest.statusCode())
        .as(
            "the build Jobs' image "
                + infra.registry()
                + "/"
                + image
                + ":"
                + VERSION
                + " in the registry:"
                + " ./mvnw -pl runtime-builder -am verify -DskipTests -Daloft.k8s.skip")
        .isEqualTo(200);
  }

  static void deleteRealm(String realm) {
    try (Keycloak admin =
        KeycloakBuilder.builder()
            .serverUrl(infra.keycloakUrl())
            .realm("master")
            .clientId("admin-cli")
            .username(infra.keycloakAdminUser())
            .password(infra.keycloakAdminPassword())
            .build()) {
      if (admin.realms().findAll().stream().anyMatch(r -> r.getRealm().equals(realm))) {
        admin.realm(realm).remove();
      }
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(
        "no "
            + what
            + " within "
            + timeout
            + (operator == null ? "" : "; operator log:\n" + tail(operator.output())));
  }

  static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
