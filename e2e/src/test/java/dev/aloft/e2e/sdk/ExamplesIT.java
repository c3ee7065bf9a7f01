package dev.aloft.e2e.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.registry.v1.GetServiceRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.store.v1.ReadOptions;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.e2e.cli.CliResult;
import dev.aloft.e2e.cli.CliUser;
import dev.aloft.e2e.server.PlatformSession;
import dev.aloft.e2e.server.ServerProcess;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples as a developer meets them: each folder copied on its own, built with Maven into one
 * runnable jar, run as a process with the environment the runtime gives a service, and called as a
 * user calls services: helloworld through the HTTP gateway, greeter through the proxy with {@code
 * aloft call}, events-consumer after greeter published to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesIT {

  private static final String ADMIN_SECRET = "e2e-admin-secret-1";
  private static final String NAMESPACE = "acme";
  private static final List<String> EXAMPLES = List.of("helloworld", "greeter", "events-consumer");

  @TempDir static Path tmp;
  private ServerProcess server;
  private PlatformSession session;
  private int http;
  private int grpc;
  private String alice;
  private final Map<String, Path> jars = new HashMap<>();
  private final Map<String, Process> services = new HashMap<>();

  @BeforeAll
  void buildExamplesAndStartThem() throws Exception {
    // what ./aloft does before `run`: the examples depend on the installed SDK
    run(
        ServerProcess.repository(),
        "sdk-install",
        ServerProcess.repository().resolve("mvnw").toString(),
        "-B",
        "-q",
        "-pl",
        "sdk",
        "-am",
        "install",
        "-DskipTests",
        "-Daloft.infra.skip");
    for (String example : EXAMPLES) {
      jars.put(example, build(example));
    }

    http = ServerProcess.freePort();
    grpc = ServerProcess.freePort();
    server =
        ServerProcess.launch(
                tmp.resolve("server.log"),
                Map.of(
                    "HOME",
                    Files.createDirectories(tmp.resolve("home")).toString(),
                    "ALOFT_ADMIN_SECRET",
                    ADMIN_SECRET),
                "--http-port",
                "" + http,
                "--grpc-port",
                "" + grpc)
            .awaitReady();
    session = new PlatformSession(grpc);
    String admin = session.token("default", "admin", ADMIN_SECRET, 0);
    session.createAccount(admin, NAMESPACE, "alice", "alice-secret-1");
    alice = session.token(NAMESPACE, "alice", "alice-secret-1", 0);
    for (String example : EXAMPLES) {
      session.createAccount(admin, NAMESPACE, example, example + "-secret-1", "service");
      services.put(example, start(example, Map.of()));
    }
    for (String example : EXAMPLES) {
      awaitRegistered(example);
    }
  }

  @AfterAll
  void stop() throws Exception {
    for (Process process : services.values()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (session != null) {
      session.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Copies examples/NAME alone to a fresh folder, builds it, returns its runnable jar. */
  private Path build(String name) throws Exception {
    Path source = ServerProcess.repository().resolve("examples").resolve(name);
    Path copy = tmp.resolve("src").resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(f -> !f.toString().contains("/target/")).toList()) {
        Path target = copy.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    run(
        copy,
        "build-" + name,
        ServerProcess.repository().resolve("mvnw").toString(),
        "-B",
        "-q",
        "package");
    // the runtime's rule: the jar in target/ whose manifest has a Main-Class, original-* skipped
    List<Path> runnable = new ArrayList<>();
    try (Stream<Path> files = Files.list(copy.resolve("target"))) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
        if (jar.getFileName().toString().startsWith("original-")) {
          continue;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
          if (file.getManifest() != null
              && file.getManifest().getMainAttributes().getValue("Main-Class") != null) {
            runnable.add(jar);
          }
        }
      }
    }
    assertThat(runnable).as("runnable jars of " + name).hasSize(1);
    return runnable.get(0);
  }

  private static void run(Path dir, String name, String... command) throws Exception {
    Path log = tmp.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
    Process process = builder.start();
    if (!process.waitFor(600, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(name + " did not finish:\n" + Files.readString(log));
    }
    assertThat(process.exitValue()).as(name + ":\n" + Files.readString(log)).isZero();
  }

  /** Runs an example's jar with the service environment the runtime gives it (docs/sdk.md). */
  private Process start(String name, Map<String, String> extra) {
    return start(name, extra, tmp.resolve(name + ".out"));
  }

  private Process start(String name, Map<String, String> extra, Path output) {
    ProcessBuilder builder =
        new ProcessBuilder("java", "-jar", jars.get(name).toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    builder.environment().keySet().removeIf(key -> key.startsWith("ALOFT_"));
    builder.environment().put("ALOFT_SERVICE", name);
    builder.environment().put("ALOFT_NAMESPACE", NAMESPACE);
    builder.environment().put("ALOFT_SERVER", "127.0.0.1:" + grpc);
    builder.environment().put("ALOFT_ACCOUNT_ID", name);
    builder.environment().put("ALOFT_ACCOUNT_SECRET", name + "-secret-1");
    builder.environment().put("ALOFT_GRPC_PORT", "0");
    builder.environment().put("ALOFT_ADVERTISE_HOST", "127.0.0.1");
    builder.environment().putAll(extra);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RegistryGrpc.RegistryBlockingStub registry() {
    return PlatformSession.as(RegistryGrpc.newBlockingStub(session.channel), alice, null);
  }

  private void awaitRegistered(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try {
        registry().getService(GetServiceRequest.newBuilder().setService(name).build());
        return;
      } catch (StatusRuntimeException e) {
        Process process = services.get(name);
        if (!process.isAlive()) {
          throw new AssertionError(name + " exited with " + process.exitValue());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(name + " did not register: " + e.getStatus());
        }
        Thread.sleep(200);
      }
    }
  }

  private HttpResponse<String> gateway(String path, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
                .header("Authorization", "Bearer " + alice)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void helloworldAnswersThroughTheGateway() throws Exception {
    HttpResponse<String> call = gateway("/helloworld/call", "{\"name\":\"Alice\"}");
    assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
    assertThat(call.body()).isEqualTo("{\"message\":\"Hello Alice\"}");

    HttpResponse<String> stream = gateway("/helloworld/stream", "{\"name\":\"Eve\",\"count\":3}");
    assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
    assertThat(stream.body().lines().toList())
        .containsExactly(
            "{\"message\":\"Hello Eve #1\"}",
            "{\"message\":\"Hello Eve #2\"}",
            "{\"message\":\"Hello Eve #3\"}");

    HttpResponse<String> bad = gateway("/helloworld/stream", "{\"name\":\"Eve\",\"count\":-1}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("count: -1 is not between 0 and 1000");
  }

  @Test
  void greeterCallsHelloworldByNameStoresAndPublishesTheGreeting() throws Exception {
    CliUser user = new CliUser(tmp.resolve("cli-home")).with("ALOFT_TOKEN", alice).useServer(grpc);
    CliResult greet = user.run("call", "greeter", "Greeter.Greet", "{\"name\":\"Alice\"}");
    greet.assertOk();
    assertThat(greet.out()).as(greet.describe()).contains("Hello Alice");

    // greeter's table of the namespace's store holds it under the name
    var records =
        PlatformSession.as(StoreGrpc.newBlockingStub(session.channel), alice, null)
            .read(
                ReadRequest.newBuilder()
                    .setKey("Alice")
                    .setOptions(ReadOptions.newBuilder().setTable("greeter"))
                    .build())
            .getRecordsList();
    assertThat(records.get(0).getValue().toStringUtf8()).isEqualTo("Hello Alice");
    CliResult greeted = user.run("call", "greeter", "Greeter.Greeted", "{\"name\":\"Alice\"}");
    greeted.assertOk();
    assertThat(greeted.out()).contains("Hello Alice");

    // events-consumer got the published greeting, acked it, and tells what it received
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpResponse<String> received;
    do {
      Thread.sleep(200);
      received = gateway("/events-consumer/received", "{\"limit\":5}");
    } while (!received.body().contains("Hello Alice") && System.nanoTime() < deadline);
    assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
    assertThat(received.body()).contains("\"payload\":\"Hello Alice\"").contains("\"count\":\"1\"");
  }

  @Test
  void aBadSettingStopsAServiceWithOneLineAndSigtermDeregistersIt() throws Exception {
    Path output = tmp.resolve("bad-port.out");
    Process bad = start("helloworld", Map.of("ALOFT_GRPC_PORT", "abc"), output);
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(1);
    assertThat(Files.readString(output))
        .isEqualTo("helloworld: ALOFT_GRPC_PORT: 'abc' is not a port (0 to 65535)\n");

    // a second helloworld node, stopped as a service manager stops it
    Process second = start("helloworld", Map.of(), tmp.resolve("second.out"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (registry()
            .getService(GetServiceRequest.newBuilder().setService("helloworld").build())
            .getServices(0)
            .getNodesCount()
        < 2) {
      assertThat(second.isAlive()).isTrue();
      assertThat(System.nanoTime()).as("second node registered").isLessThan(deadline);
      Thread.sleep(200);
    }
    second.destroy(); // SIGTERM
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(
            registry()
                .getService(GetServiceRequest.newBuilder().setService("helloworld").build())
                .getServices(0)
                .getNodesCount())
        .isEqualTo(1);
  }
}
