package dev.aloft.e2e.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls to a registered service that is not Aloft's own code (a Node.js gRPC server), through the
 * running `./aloft server`: the HTTP gateway driven with curl, the identity proxy with a Node.js
 * gRPC client, and `./aloft call` plus a dynamic command driven as processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceCallsIT {

  private static final String ADMIN_SECRET = "e2e-admin-secret-1";
  private static final String ALICE_SECRET = "alice-secret-1";

  @TempDir static Path tmp;
  private ServerProcess server;
  private PlatformSession session;
  private final List<NodeScripts.GreeterServer> greeters = new ArrayList<>();
  private int http;
  private int grpc;
  private String admin;
  private String alice;
  private int deadPort;

  @BeforeAll
  void startPlatformAndService() throws Exception {
    NodeScripts.install();
    http = ServerProcess.freePort();
    grpc = ServerProcess.freePort();
    server =
        ServerProcess.launch(
                tmp.resolve("server.log"),
                Map.of(
                    "HOME",
                    Files.createDirectories(tmp.resolve("home")).toString(),
                    "ALOFT_ADMIN_SECRET",
                    ADMIN_SECRET,
                    // CORS for a browser app served from elsewhere (docs/gateway.md)
                    "QUARKUS_HTTP_CORS_ENABLED",
                    "true",
                    "QUARKUS_HTTP_CORS_ORIGINS",
                    "https://app.example"),
                "--http-port",
                "" + http,
                "--grpc-port",
                "" + grpc)
            .awaitReady();
    session = new PlatformSession(grpc);
    admin = session.token("default", "admin", ADMIN_SECRET, 0);
    session.createAccount(admin, "acme", "alice", ALICE_SECRET);
    alice = session.token("acme", "alice", ALICE_SECRET, 0);
    greeters.add(NodeScripts.GreeterServer.start(tmp, "node-a"));
    greeters.add(NodeScripts.GreeterServer.start(tmp, "node-b"));
    deadPort = ServerProcess.freePort();
    // registered in acme by alice: two live nodes and one that is down
    session.registerHelloworld(
        alice,
        List.of(greeters.get(0).address(), "127.0.0.1:" + deadPort, greeters.get(1).address()));
  }

  @AfterAll
  void stop() throws Exception {
    for (NodeScripts.GreeterServer greeter : greeters) {
      greeter.close();
    }
    if (session != null) {
      session.close();
    }
    if (server != null) {
      server.close();
    }
  }

  // ---- the HTTP gateway, driven with curl ----

  private Commands curl(String path, String body, String... headers) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "-N", "-X", "POST"));
    for (String header : headers) {
      command.add("-H");
      command.add(header);
    }
    if (body != null) {
      command.add("--data-binary");
      command.add(body);
    }
    command.add("-w");
    command.add("\n%{http_code} %{content_type}");
    command.add("http://127.0.0.1:" + http + path);
    return Commands.run(tmp, Map.of(), command);
  }

  /** The HTTP status curl reported. */
  private static int status(Commands curl) {
    String last = curl.out().substring(curl.out().lastIndexOf('\n') + 1);
    return Integer.parseInt(last.split(" ")[0]);
  }

  private static String contentType(Commands curl) {
    String last = curl.out().substring(curl.out().lastIndexOf('\n') + 1);
    return last.contains(" ") ? last.substring(last.indexOf(' ') + 1) : "";
  }

  private static String body(Commands curl) {
    return curl.out().substring(0, curl.out().lastIndexOf('\n'));
  }

  private String bearer(String token) {
    return "Authorization: Bearer " + token;
  }

  @Test
  void gatewayCallsAUnaryEndpointByMicroStylePaths() throws Exception {
    Commands short_ = curl("/helloworld/call", "{\"name\":\"Alice\"}", bearer(alice));
    assertThat(status(short_)).as(short_.out() + short_.err()).isEqualTo(200);
    assertThat(contentType(short_)).startsWith("application/json");
    assertThat(body(short_))
        .contains("\"message\":\"Hello Alice\"")
        .contains("\"namespace\":\"acme\"");

    Commands full =
        curl(
            "/helloworld/Helloworld/Call",
            "{\"name\":\"Bob\",\"greeting\":{\"salutation\":\"Hi\",\"times\":2}}",
            bearer(alice));
    assertThat(status(full)).as(full.out()).isEqualTo(200);
    assertThat(body(full)).contains("\"message\":\"Hi Bob, Hi Bob\"");
  }

  @Test
  void gatewayStreamsAsServerSentEventsOrJsonLines() throws Exception {
    Commands sse =
        curl(
            "/helloworld/stream",
            "{\"name\":\"Eve\",\"count\":3}",
            bearer(alice),
            "Accept: text/event-stream");
    assertThat(status(sse)).as(sse.out()).isEqualTo(200);
    assertThat(contentType(sse)).startsWith("text/event-stream");
    assertThat(body(sse).lines().filter(line -> line.startsWith("data: ")).toList())
        .containsExactly(
            "data: {\"message\":\"Hello Eve #1\",\"index\":1}",
            "data: {\"message\":\"Hello Eve #2\",\"index\":2}",
            "data: {\"message\":\"Hello Eve #3\",\"index\":3}");

    Commands lines = curl("/helloworld/stream", "{\"name\":\"Eve\",\"count\":2}", bearer(alice));
    assertThat(status(lines)).isEqualTo(200);
    assertThat(contentType(lines)).startsWith("application/x-ndjson");
    assertThat(body(lines).lines().toList())
        .containsExactly(
            "{\"message\":\"Hello Eve #1\",\"index\":1}",
            "{\"message\":\"Hello Eve #2\",\"index\":2}");
  }

  @Test
  void gatewayRejectsUnknownServicesAndEndpointsNamingThem() throws Exception {
    Commands service = curl("/nosuchservice/call", "{}", bearer(alice));
    assertThat(status(service)).isEqualTo(404);
    assertThat(body(service))
        .contains("\"code\":404")
        .contains("\"status\":\"NOT_FOUND\"")
        .contains("nosuchservice");

    Commands endpoint = curl("/helloworld/nosuchendpoint", "{}", bearer(alice));
    assertThat(status(endpoint)).isEqualTo(404);
    assertThat(body(endpoint)).contains("nosuchendpoint").contains("Helloworld.Call");
  }

  @Test
  void gatewayRejectsJsonThatDoesNotMatchTheMessageNamingTheField() throws Exception {
    Commands unknown = curl("/helloworld/call", "{\"nmae\":\"Alice\"}", bearer(alice));
    assertThat(status(unknown)).isEqualTo(400);
    assertThat(body(unknown)).contains("\"status\":\"INVALID_ARGUMENT\"").contains("nmae");

    Commands wrongType =
        curl("/helloworld/call", "{\"greeting\":{\"times\":\"many\"}}", bearer(alice));
    assertThat(status(wrongType)).isEqualTo(400);
    assertThat(body(wrongType)).contains("greeting.times");

    Commands notJson = curl("/helloworld/call", "name=Alice", bearer(alice));
    assertThat(status(notJson)).isEqualTo(400);
    assertThat(body(notJson)).contains("not a JSON object");
  }

  @Test
  void gatewayPassesTheServicesOwnErrorsOnWithTheirHttpStatus() throws Exception {
    Commands failed = curl("/helloworld/call", "{\"name\":\"fail\"}", bearer(alice));
    assertThat(status(failed)).isEqualTo(400);
    assertThat(body(failed))
        .contains("\"status\":\"FAILED_PRECONDITION\"")
        .contains("name: fail is not a name");
  }

  @Test
  void gatewayRefusesABodyOverTheLimit() throws Exception {
    Path big = tmp.resolve("big.json");
    Files.writeString(big, "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
    Commands tooLarge = curl("/helloworld/call", "@" + big, bearer(alice));
    assertThat(status(tooLarge)).isEqualTo(413);
    assertThat(body(tooLarge)).contains("\"code\":413").contains("aloft.gateway.max-body-size");
  }

  @Test
  void gatewayRejectsMissingInvalidAndExpiredTokens() throws Exception {
    Commands none = curl("/helloworld/call", "{}", "Aloft-Namespace: acme");
    assertThat(status(none)).isEqualTo(401);
    assertThat(body(none)).contains("\"status\":\"UNAUTHENTICATED\"").contains("no token");

    Commands garbage = curl("/helloworld/call", "{}", "Authorization: Bearer not.a.token");
    assertThat(status(garbage)).isEqualTo(401);
    assertThat(body(garbage)).contains("invalid token");

    String shortLived = session.token("acme", "alice", ALICE_SECRET, 1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Commands expired;
    do {
      Thread.sleep(500);
      expired = curl("/helloworld/call", "{}", bearer(shortLived), "Aloft-Namespace: acme");
    } while (status(expired) == 200 && System.nanoTime() < deadline);
    assertThat(status(expired)).isEqualTo(401);
    assertThat(body(expired)).contains("expired");
  }

  @Test
  void gatewayKeepsAccountsInTheirNamespace() throws Exception {
    Commands foreign = curl("/helloworld/call", "{}", bearer(alice), "Aloft-Namespace: globex");
    assertThat(status(foreign)).isEqualTo(403);
    assertThat(body(foreign)).contains("\"status\":\"PERMISSION_DENIED\"").contains("globex");

    // the platform admin may act in acme; in its own namespace there is no helloworld
    Commands adminInAcme =
        curl("/helloworld/call", "{\"name\":\"Root\"}", bearer(admin), "Aloft-Namespace: acme");
    assertThat(status(adminInAcme)).as(adminInAcme.out()).isEqualTo(200);
    Commands adminAtHome = curl("/helloworld/call", "{}", bearer(admin));
    assertThat(status(adminAtHome)).isEqualTo(404);
  }

  @Test
  void gatewayAnswersCorsPreflightsForConfiguredOrigins() throws Exception {
    List<String> preflight =
        List.of(
            "curl",
            "-sS",
            "-i",
            "-X",
            "OPTIONS",
            "-H",
            "Origin: https://app.example",
            "-H",
            "Access-Control-Request-Method: POST",
            "-H",
            "Access-Control-Request-Headers: authorization,content-type",
            "http://127.0.0.1:" + http + "/helloworld/call");
    Commands allowed = Commands.run(tmp, Map.of(), preflight);
    assertThat(allowed.out().toLowerCase())
        .contains("access-control-allow-origin: https://app.example");

    Commands call =
        curl(
            "/helloworld/call", "{\"name\":\"Web\"}", bearer(alice), "Origin: https://app.example");
    assertThat(status(call)).isEqualTo(200);
  }

  @Test
  void gatewayLeavesQuarkusEndpointsAlone() throws Exception {
    Commands health =
        Commands.run(
            tmp, Map.of(), List.of("curl", "-sS", "http://127.0.0.1:" + http + "/q/health/ready"));
    assertThat(health.out()).contains("\"status\": \"UP\"");
  }

  // ---- the identity proxy, driven by a Node.js gRPC client ----

  private NodeScripts.ClientRun nodeClient(
      String token, String method, String json, String... service) throws Exception {
    List<String> args = new ArrayList<>(List.of("127.0.0.1:" + grpc, token, method, json));
    args.addAll(List.of(service));
    return NodeScripts.client(args.toArray(String[]::new));
  }

  @Test
  void proxyForwardsUnaryAndStreamingCallsOfAnExternalClient() throws Exception {
    NodeScripts.ClientRun unary = nodeClient(alice, "Call", "{\"name\":\"Alice\"}");
    assertThat(unary.exitCode()).as(unary.lines().toString()).isZero();
    assertThat(unary.lines().get(0))
        .contains("\"message\":\"Hello Alice\"")
        .contains("\"namespace\":\"acme\"");

    NodeScripts.ClientRun stream =
        nodeClient(alice, "Stream", "{\"name\":\"Bob\",\"count\":3}", "helloworld");
    assertThat(stream.exitCode()).as(stream.lines().toString()).isZero();
    assertThat(stream.lines())
        .containsExactly(
            "{\"message\":\"Hello Bob #1\",\"index\":1}",
            "{\"message\":\"Hello Bob #2\",\"index\":2}",
            "{\"message\":\"Hello Bob #3\",\"index\":3}");
  }

  @Test
  void proxyBalancesOverLiveNodesAndSkipsTheOneThatIsDown() throws Exception {
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      NodeScripts.ClientRun run = nodeClient(alice, "Call", "{\"name\":\"n" + i + "\"}");
      assertThat(run.exitCode()).as("call %d: %s", i, run.lines()).isZero();
      nodes.add(run.lines().get(0).replaceAll(".*\"node\":\"([^\"]*)\".*", "$1"));
    }
    assertThat(nodes).contains("node-a", "node-b");
  }

  @Test
  void proxyRejectsCallersWithoutTokenAndNamesUnknownServices() throws Exception {
    NodeScripts.ClientRun anonymous = nodeClient("-", "Call", "{\"name\":\"x\"}");
    assertThat(anonymous.exitCode()).isEqualTo(1);
    assertThat(anonymous.lines().get(0)).startsWith("ERROR UNAUTHENTICATED");

    NodeScripts.ClientRun unknown = nodeClient(alice, "Call", "{}", "nosuchservice");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.lines().get(0)).startsWith("ERROR NOT_FOUND").contains("nosuchservice");
  }

  // ---- the CLI: aloft call and dynamic commands, run as processes ----

  /** A CLI config whose current environment is this server, not logged in. */
  private Path cliConfig(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("cli-" + name));
    Files.writeString(
        dir.resolve("config.json"),
        "{\"current\":\"test\",\"environments\":{\"test\":{\"address\":\"127.0.0.1:"
            + grpc
            + "\"}}}");
    return dir;
  }

  private Commands aloft(Path configDir, String token, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ServerProcess.repository().resolve("aloft").toString());
    command.addAll(List.of(args));
    Map<String, String> env = new java.util.HashMap<>();
    env.put("ALOFT_CONFIG_DIR", configDir.toString());
    if (token != null) {
      env.put("ALOFT_TOKEN", token);
    }
    return Commands.run(ServerProcess.repository(), env, command);
  }

  @Test
  void aloftCallPrintsTheResponseAsJson() throws Exception {
    Path config = cliConfig("call");
    Commands unary =
        aloft(config, alice, "call", "helloworld", "Helloworld.Call", "{\"name\":\"Alice\"}");
    assertThat(unary.exitCode()).as(unary.err()).isZero();
    assertThat(unary.out())
        .contains("\"message\": \"Hello Alice\"")
        .contains("\"namespace\": \"acme\"");

    Commands stream =
        aloft(
            config,
            alice,
            "call",
            "helloworld",
            "Helloworld.Stream",
            "{\"name\":\"Bob\",\"count\":2}");
    assertThat(stream.exitCode()).as(stream.err()).isZero();
    assertThat(stream.out().lines().toList())
        .containsExactly(
            "{\"message\":\"Hello Bob #1\",\"index\":1}",
            "{\"message\":\"Hello Bob #2\",\"index\":2}");
  }

  @Test
  void aloftCallReportsMistakesWithExitCodes() throws Exception {
    Path config = cliConfig("call-errors");
    Commands unknownService = aloft(config, alice, "call", "nosuchservice", "Foo.Bar", "{}");
    assertThat(unknownService.exitCode()).isEqualTo(3);
    assertThat(unknownService.err()).startsWith("aloft: ").contains("nosuchservice");

    Commands unknownEndpoint = aloft(config, alice, "call", "helloworld", "Helloworld.Nope", "{}");
    assertThat(unknownEndpoint.exitCode()).isEqualTo(3);
    assertThat(unknownEndpoint.err()).contains("Helloworld.Nope").contains("Helloworld.Call");

    Commands badField =
        aloft(config, alice, "call", "helloworld", "Helloworld.Call", "{\"nmae\":\"x\"}");
    assertThat(badField.exitCode()).isEqualTo(2);
    assertThat(badField.err()).contains("nmae");

    Commands noToken = aloft(config, null, "call", "helloworld", "Helloworld.Call", "{}");
    assertThat(noToken.exitCode()).isEqualTo(4);
    assertThat(noToken.err()).doesNotContain("Exception");
  }

  @Test
  void dynamicCommandsComeFromTheRegisteredSchemas() throws Exception {
    // the token the last login stored for the environment, no ALOFT_TOKEN
    Path config = cliConfig("dynamic");
    Commands login =
        aloft(config, null, "login", "--id", "alice", "--secret", ALICE_SECRET, "-n", "acme");
    assertThat(login.exitCode()).as(login.err()).isZero();
    Commands help = aloft(config, null, "helloworld", "--help");
    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out())
        .contains("call")
        .contains("stream")
        .contains("--name <string>")
        .contains("--greeting.salutation <string>")
        .contains("--greeting.times <int32>")
        .contains("--count <int32>");

    Commands call =
        aloft(
            config,
            null,
            "helloworld",
            "call",
            "--name",
            "Alice",
            "--greeting.salutation",
            "Hi",
            "--greeting.times",
            "2");
    assertThat(call.exitCode()).as(call.err()).isZero();
    assertThat(call.out()).contains("\"message\": \"Hi Alice, Hi Alice\"");

    Commands stream = aloft(config, null, "helloworld", "stream", "--name", "Eve", "--count", "2");
    assertThat(stream.exitCode()).as(stream.err()).isZero();
    assertThat(stream.out().lines().toList()).hasSize(2);

    Commands badType = aloft(config, null, "helloworld", "call", "--greeting.times", "many");
    assertThat(badType.exitCode()).isEqualTo(2);
    assertThat(badType.err()).contains("--greeting.times");

    Commands unknown = aloft(config, null, "nosuchservice", "call");
    assertThat(unknown.exitCode()).isEqualTo(3);
    assertThat(unknown.err()).contains("nosuchservice");
  }
}
