package dev.aloft.server.auth;

import static dev.aloft.server.tenancy.TestCallers.anonymous;
import static dev.aloft.server.tenancy.TestCallers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aloft.api.auth.v1.Access;
import dev.aloft.api.auth.v1.Account;
import dev.aloft.api.auth.v1.AccountsGrpc;
import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.ChangeSecretRequest;
import dev.aloft.api.auth.v1.CreateRuleRequest;
import dev.aloft.api.auth.v1.DeleteAccountRequest;
import dev.aloft.api.auth.v1.DeleteRuleRequest;
import dev.aloft.api.auth.v1.GenerateRequest;
import dev.aloft.api.auth.v1.InspectRequest;
import dev.aloft.api.auth.v1.ListAccountsRequest;
import dev.aloft.api.auth.v1.ListRulesRequest;
import dev.aloft.api.auth.v1.Resource;
import dev.aloft.api.auth.v1.Rule;
import dev.aloft.api.auth.v1.RulesGrpc;
import dev.aloft.api.auth.v1.Token;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.server.tenancy.TestCallers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The auth services and the tenancy interceptor over real gRPC against the running server: every
 * call below passes the interceptor, as a client's would.
 */
@QuarkusTest
class AuthServicesTest {

  @ConfigProperty(name = "quarkus.grpc.server.test-port")
  int grpcPort;

  @ConfigProperty(name = "aloft.data-dir")
  Path dataDir;

  private ManagedChannel channel;
  private String adminToken;
  private String ns;

  @BeforeEach
  void connect() {
    channel = TestCallers.channel(grpcPort);
    adminToken = TestCallers.adminToken(channel, dataDir);
    ns = TestCallers.newNamespace("acme");
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private AuthGrpc.AuthBlockingStub auth() {
    return AuthGrpc.newBlockingStub(channel);
  }

  private AccountsGrpc.AccountsBlockingStub accounts() {
    return AccountsGrpc.newBlockingStub(channel);
  }

  private RulesGrpc.RulesBlockingStub rules() {
    return RulesGrpc.newBlockingStub(channel);
  }

  /** Creates an account in the test's namespace as the platform admin; returns its secret. */
  private String generate(String id, String... scopes) {
    return as(auth(), adminToken, ns)
        .generate(GenerateRequest.newBuilder().setId(id).addAllScopes(List.of(scopes)).build())
        .getAccount()
        .getSecret();
  }

  private Token login(String id, String secret) {
    return anonymous(auth(), ns)
        .token(TokenRequest.newBuilder().setId(id).setSecret(secret).build())
        .getToken();
  }

  private String tokenOf(String id, String... scopes) {
    return login(id, generate(id, scopes)).getAccessToken();
  }

  private static Rule rule(
      String id, String scope, String type, String name, String endpoint, Access access, int prio) {
    return Rule.newBuilder()
        .setId(id)
        .setScope(scope)
        .setResource(Resource.newBuilder().setType(type).setName(name).setEndpoint(endpoint))
        .setAccess(access)
        .setPriority(prio)
        .build();
  }

  private void adminCreates(Rule rule) {
    as(rules(), adminToken, ns).create(CreateRuleRequest.newBuilder().setRule(rule).build());
  }

  private void adminDeletesRule(String id) {
    as(rules(), adminToken, ns).delete(DeleteRuleRequest.newBuilder().setId(id).build());
  }

  private static StatusRuntimeException failure(ThrowingCallable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should have failed").isNotNull();
    return e;
  }

  private static void assertStatus(ThrowingCallable call, Status.Code code, String... inMessage) {
    StatusRuntimeException e = failure(call);
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).contains(inMessage);
  }

  @Test
  void generateTokenInspectAndRefresh() {
    Account generated =
        as(auth(), adminToken, ns)
            .generate(
                GenerateRequest.newBuilder()
                    .setId("orders")
                    .setType("service")
                    .addScopes("svc")
                    .putMetadata("team", "core")
                    .build())
            .getAccount();
    assertThat(generated.getSecret()).hasSizeGreaterThanOrEqualTo(32);
    assertThat(generated.getIssuer()).isEqualTo(ns);

    Token token = login("orders", generated.getSecret());
    assertThat(token.getExpiry() - token.getCreated()).isEqualTo(15 * 60);

    Account inspected =
        anonymous(auth(), ns)
            .inspect(InspectRequest.newBuilder().setToken(token.getAccessToken()).build())
            .getAccount();
    assertThat(inspected.getId()).isEqualTo("orders");
    assertThat(inspected.getType()).isEqualTo("service");
    assertThat(inspected.getIssuer()).isEqualTo(ns);
    assertThat(inspected.getScopesList()).containsExactly("svc");
    assertThat(inspected.getMetadataMap()).containsEntry("team", "core");
    assertThat(inspected.getSecret()).isEmpty();

    Token refreshed =
        auth()
            .token(TokenRequest.newBuilder().setRefreshToken(token.getRefreshToken()).build())
            .getToken();
    assertThat(
            as(accounts(), refreshed.getAccessToken())
                .list(ListAccountsRequest.getDefaultInstance())
                .getAccountsList())
        .extracting(Account::getId)
        .containsExactly("orders");
  }

  @Test
  void wrongSecretOrUnknownAccountIsUnauthenticated() {
    generate("alice");
    assertStatus(() -> login("alice", "not-the-secret"), Status.Code.UNAUTHENTICATED, "secret");
    assertStatus(() -> login("nobody", "not-the-secret"), Status.Code.UNAUTHENTICATED, ns);
    assertStatus(
        () -> auth().token(TokenRequest.newBuilder().setRefreshToken("garbage").build()),
        Status.Code.UNAUTHENTICATED,
        "refresh_token");
  }

  @Test
  void expiredTokenIsUnauthenticated() throws InterruptedException {
    String secret = generate("shortlived");
    String token =
        anonymous(auth(), ns)
            .token(
                TokenRequest.newBuilder()
                    .setId("shortlived")
                    .setSecret(secret)
                    .setTokenExpiry(1)
                    .build())
            .getToken()
            .getAccessToken();
    Thread.sleep(2100);
    assertStatus(
        () -> as(accounts(), token).list(ListAccountsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "expired");
  }

  @Test
  void callsWithoutATokenAreUnauthenticatedUnlessPublic() {
    assertStatus(
        () -> anonymous(accounts(), "default").list(ListAccountsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "service:auth:Accounts.List",
        "authorization");
    assertStatus(
        () -> accounts().list(ListAccountsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "namespace 'default'",
        "no token");
    assertStatus(
        () ->
            accounts()
                .withInterceptors(
                    io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(basicAuth()))
                .list(ListAccountsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "Bearer");
  }

  private static io.grpc.Metadata basicAuth() {
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Basic YWRtaW46YWRtaW4=");
    return headers;
  }

  @Test
  void healthStaysOpen() {
    assertThat(
            HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isNotNull();
  }

  @Test
  void aFreshNamespaceHasTheDefaultRules() {
    generate("alice");
    assertThat(
            as(rules(), adminToken, ns).list(ListRulesRequest.getDefaultInstance()).getRulesList())
        .extracting(Rule::getId)
        .containsExactlyInAnyOrder("default", "admin", "auth-token", "auth-inspect");
  }

  @Test
  void publicRuleLetsAnonymousCallersIn() {
    generate("alice");
    adminCreates(rule("public-list", "", "service", "auth", "Accounts.List", Access.GRANTED, 0));
    assertThat(
            anonymous(accounts(), ns)
                .list(ListAccountsRequest.getDefaultInstance())
                .getAccountsList())
        .extracting(Account::getId)
        .containsExactly("alice");
  }

  @Test
  void nothingMatchingIsDenied() {
    String alice = tokenOf("alice");
    as(accounts(), alice).list(ListAccountsRequest.getDefaultInstance());

    adminDeletesRule("default");

    assertStatus(
        () -> as(accounts(), alice).list(ListAccountsRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "alice",
        "service:auth:Accounts.List",
        "no rule grants it");
  }

  @Test
  void namedScopesAndPriorities() {
    String dev = tokenOf("dev");
    String ops = tokenOf("ops", "ops");
    adminCreates(rule("no-accounts", "*", "service", "auth", "Accounts.*", Access.DENIED, 10));
    adminCreates(rule("ops-list", "ops", "service", "auth", "Accounts.List", Access.GRANTED, 20));

    assertStatus(
        () -> as(accounts(), dev).list(ListAccountsRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "rule 'no-accounts' denies it");
    assertThat(
            as(accounts(), ops).list(ListAccountsRequest.getDefaultInstance()).getAccountsCount())
        .isEqualTo(2);
    assertStatus(
        () -> as(accounts(), ops).delete(DeleteAccountRequest.newBuilder().setId("dev").build()),
        Status.Code.PERMISSION_DENIED,
        "Accounts.Delete");
    assertThat(as(rules(), dev).list(ListRulesRequest.getDefaultInstance()).getRulesCount())
        .isEqualTo(6);
  }

  @Test
  void equalPriorityDeniedWins() {
    String dev = tokenOf("dev");
    adminCreates(rule("deny-rules", "*", "service", "auth", "Rules.List", Access.DENIED, 0));
    assertStatus(
        () -> as(rules(), dev).list(ListRulesRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "deny-rules");
  }

  @Test
  void prefixEndpointsCoverEveryMethodBelowThem() {
    String dev = tokenOf("dev");
    adminCreates(rule("no-rules", "*", "service", "auth", "Rules.*", Access.DENIED, 1));
    assertStatus(
        () -> as(rules(), dev).list(ListRulesRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "no-rules");
    assertStatus(
        () -> as(rules(), dev).delete(DeleteRuleRequest.newBuilder().setId("default").build()),
        Status.Code.PERMISSION_DENIED,
        "no-rules");
    as(accounts(), dev).list(ListAccountsRequest.getDefaultInstance());
  }

  @Test
  void plusScopeAdmitsAccountsOfOtherNamespacesWhereStarDoesNot() {
    String alice = tokenOf("alice");
    as(rules(), alice).delete(DeleteRuleRequest.newBuilder().setId("admin").build());
    assertStatus(
        () -> as(accounts(), adminToken, ns).list(ListAccountsRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "'admin' of namespace 'default'",
        "namespace '" + ns + "'");

    as(rules(), alice)
        .create(
            CreateRuleRequest.newBuilder()
                .setRule(
                    rule("any-account", "+", "service", "auth", "Accounts.List", Access.GRANTED, 0))
                .build());
    assertThat(
            as(accounts(), adminToken, ns)
                .list(ListAccountsRequest.getDefaultInstance())
                .getAccountsList())
        .extracting(Account::getId)
        .containsExactly("alice");
  }

  @Test
  void aTokenOfOneNamespaceCannotActInAnother() {
    String alice = tokenOf("alice");
    String other = TestCallers.newNamespace("globex");
    as(auth(), adminToken, other).generate(GenerateRequest.newBuilder().setId("bob").build());

    assertStatus(
        () -> as(accounts(), alice, other).list(ListAccountsRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "'alice' of namespace '" + ns + "'",
        "namespace '" + other + "'");
    assertStatus(
        () ->
            as(auth(), alice, other)
                .generate(GenerateRequest.newBuilder().setId("mallory").build()),
        Status.Code.PERMISSION_DENIED,
        other);
    assertThat(
            as(accounts(), alice).list(ListAccountsRequest.getDefaultInstance()).getAccountsList())
        .extracting(Account::getId)
        .containsExactly("alice");
    assertStatus(
        () -> as(accounts(), alice).delete(DeleteAccountRequest.newBuilder().setId("bob").build()),
        Status.Code.NOT_FOUND,
        "bob");
  }

  @Test
  void platformAdminActsInAnyNamespaceOnWorkerThreads() {
    String other = TestCallers.newNamespace("initech");
    // Generate runs on a worker thread (WorkerHandOff) and must still see the Caller (namespace)
    Account created =
        as(auth(), adminToken, other)
            .generate(GenerateRequest.newBuilder().setId("peter").build())
            .getAccount();
    assertThat(created.getIssuer()).isEqualTo(other);
    assertThat(
            as(accounts(), adminToken, other)
                .list(ListAccountsRequest.getDefaultInstance())
                .getAccountsList())
        .extracting(Account::getId)
        .containsExactly("peter");
    assertThat(
            as(accounts(), adminToken)
                .list(ListAccountsRequest.getDefaultInstance())
                .getAccountsList())
        .extracting(Account::getId)
        .contains("admin")
        .doesNotContain("peter");
  }

  @Test
  void malformedNamespaceIsInvalidArgument() {
    assertStatus(
        () ->
            as(accounts(), adminToken, "Not_A_Namespace")
                .list(ListAccountsRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "aloft-namespace",
        "Not_A_Namespace");
  }

  @Test
  void badInputNamesTheField() {
    AuthGrpc.AuthBlockingStub admin = as(auth(), adminToken, ns);
    assertStatus(
        () -> admin.generate(GenerateRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "id: required");
    assertStatus(
        () -> admin.generate(GenerateRequest.newBuilder().setId("has space").build()),
        Status.Code.INVALID_ARGUMENT,
        "id:");
    assertStatus(
        () -> admin.generate(GenerateRequest.newBuilder().setId("a").setType("robot").build()),
        Status.Code.INVALID_ARGUMENT,
        "type:",
        "robot");
    assertStatus(
        () ->
            admin.generate(
                GenerateRequest.newBuilder().setId("a").addScopes("ok").addScopes("*").build()),
        Status.Code.INVALID_ARGUMENT,
        "scopes[1]");
    assertStatus(
        () -> admin.generate(GenerateRequest.newBuilder().setId("a").setSecret("short").build()),
        Status.Code.INVALID_ARGUMENT,
        "secret:");
    assertStatus(
        () ->
            admin.generate(
                GenerateRequest.newBuilder()
                    .setId("a")
                    .putMetadata("big", "x".repeat(1025))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "metadata[big]",
        "1024");
    assertStatus(
        () -> auth().token(TokenRequest.newBuilder().setSecret("whatever1").build()),
        Status.Code.INVALID_ARGUMENT,
        "id:");
    assertStatus(
        () -> auth().token(TokenRequest.newBuilder().setId("admin").build()),
        Status.Code.INVALID_ARGUMENT,
        "secret:");
    assertStatus(
        () -> auth().inspect(InspectRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "token:");

    RulesGrpc.RulesBlockingStub rules = as(rules(), adminToken, ns);
    assertStatus(
        () -> rules.create(CreateRuleRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "rule:");
    assertStatus(
        () ->
            rules.create(
                CreateRuleRequest.newBuilder()
                    .setRule(rule("r", "a b", "service", "x", "*", Access.GRANTED, 0))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "rule.scope");
    assertStatus(
        () ->
            rules.create(
                CreateRuleRequest.newBuilder()
                    .setRule(rule("r", "*", "service", "x", "Foo*.Bar", Access.GRANTED, 0))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "rule.resource.endpoint");
    assertStatus(
        () ->
            rules.create(
                CreateRuleRequest.newBuilder()
                    .setRule(rule("r", "*", "service", "", "*", Access.GRANTED, 0))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "rule.resource.name");
    assertStatus(
        () ->
            rules.create(
                CreateRuleRequest.newBuilder()
                    .setRule(
                        rule("r", "*", "service", "x", "*", Access.GRANTED, 0).toBuilder()
                            .clearResource())
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "rule.resource");
    assertStatus(
        () ->
            rules.create(
                CreateRuleRequest.newBuilder()
                    .setRule(rule("r", "*", "service", "x", "*", Access.ACCESS_UNSPECIFIED, 0))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "rule.access");
    assertStatus(
        () ->
            rules.create(
                CreateRuleRequest.newBuilder()
                    .setRule(rule("", "*", "service", "x", "*", Access.GRANTED, 0))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "rule.id");
    assertStatus(
        () -> rules.delete(DeleteRuleRequest.newBuilder().setId("nope").build()),
        Status.Code.NOT_FOUND,
        "nope");
    assertStatus(
        () -> as(accounts(), adminToken, ns).delete(DeleteAccountRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "id: required");
  }

  @Test
  void duplicatesAreAlreadyExists() {
    generate("alice");
    assertStatus(() -> generate("alice"), Status.Code.ALREADY_EXISTS, "id:", "alice");
    adminCreates(rule("r1", "*", "*", "*", "*", Access.GRANTED, 0));
    assertStatus(
        () -> adminCreates(rule("r1", "*", "*", "*", "*", Access.GRANTED, 0)),
        Status.Code.ALREADY_EXISTS,
        "rule.id",
        "r1");
  }

  @Test
  void onlyAdminsGrantTheAdminScope() {
    String alice = tokenOf("alice");
    assertStatus(
        () ->
            as(auth(), alice)
                .generate(GenerateRequest.newBuilder().setId("root").addScopes("admin").build()),
        Status.Code.PERMISSION_DENIED,
        "scopes",
        "admin");
    as(auth(), alice)
        .generate(GenerateRequest.newBuilder().setId("helper").addScopes("ops").build());
  }

  @Test
  void changingTheSecretRevokesRefreshTokensAndTheOldSecret() {
    String secret = generate("alice");
    Token token = login("alice", secret);

    assertStatus(
        () ->
            as(accounts(), token.getAccessToken())
                .changeSecret(ChangeSecretRequest.newBuilder().setId("alice").build()),
        Status.Code.INVALID_ARGUMENT,
        "old_secret");
    assertStatus(
        () ->
            as(accounts(), token.getAccessToken())
                .changeSecret(
                    ChangeSecretRequest.newBuilder()
                        .setId("alice")
                        .setOldSecret("wrong-secret")
                        .build()),
        Status.Code.PERMISSION_DENIED,
        "old_secret");

    String newSecret =
        as(accounts(), token.getAccessToken())
            .changeSecret(
                ChangeSecretRequest.newBuilder()
                    .setId("alice")
                    .setOldSecret(secret)
                    .setNewSecret("brand-new-secret")
                    .build())
            .getAccount()
            .getSecret();
    assertThat(newSecret).isEqualTo("brand-new-secret");

    assertStatus(() -> login("alice", secret), Status.Code.UNAUTHENTICATED, "wrong");
    assertThat(login("alice", "brand-new-secret").getAccessToken()).isNotEmpty();
    assertStatus(
        () ->
            auth()
                .token(TokenRequest.newBuilder().setRefreshToken(token.getRefreshToken()).build()),
        Status.Code.UNAUTHENTICATED,
        "revoked");

    String generated =
        as(accounts(), adminToken, ns)
            .changeSecret(ChangeSecretRequest.newBuilder().setId("alice").build())
            .getAccount()
            .getSecret();
    assertThat(login("alice", generated).getAccessToken()).isNotEmpty();
  }

  @Test
  void deletingAnAccountRevokesItsRefreshTokens() {
    Token token = login("alice", generate("alice"));
    as(accounts(), adminToken, ns).delete(DeleteAccountRequest.newBuilder().setId("alice").build());

    assertStatus(
        () ->
            auth()
                .token(TokenRequest.newBuilder().setRefreshToken(token.getRefreshToken()).build()),
        Status.Code.UNAUTHENTICATED,
        "revoked");
    assertStatus(
        () ->
            as(accounts(), adminToken, ns)
                .delete(DeleteAccountRequest.newBuilder().setId("alice").build()),
        Status.Code.NOT_FOUND,
        "alice");
  }

  @Test
  void thePlatformAdminCannotBeDeleted() {
    assertStatus(
        () ->
            as(accounts(), adminToken)
                .delete(DeleteAccountRequest.newBuilder().setId("admin").build()),
        Status.Code.FAILED_PRECONDITION,
        "platform admin");
  }
}
