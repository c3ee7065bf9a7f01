package dev.aloft.server.tenancy;

import dev.aloft.api.auth.v1.Access;
import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.CreateRuleRequest;
import dev.aloft.api.auth.v1.GenerateRequest;
import dev.aloft.api.auth.v1.Resource;
import dev.aloft.api.auth.v1.Rule;
import dev.aloft.api.auth.v1.RulesGrpc;
import io.grpc.Channel;
import java.nio.file.Path;
import java.util.List;

/**
 * Two fresh tenants A and B on the test server, set up as a user would over gRPC: the platform
 * admin creates an account in each (Auth.Generate acting in A and in B), and each account logs in
 * with its secret (Auth.Token in its namespace). Tests of every platform service use them to show
 * that a token works in its own namespace and nowhere else.
 */
public final class TwoTenants {

  /** An account of one tenant and its access token. */
  public record Tenant(String namespace, String accountId, String token) {}

  private final Channel channel;
  private final String adminToken;
  private final Tenant a;
  private final Tenant b;

  private TwoTenants(Channel channel, String adminToken, Tenant a, Tenant b) {
    this.channel = channel;
    this.adminToken = adminToken;
    this.a = a;
    this.b = b;
  }

  /** Creates namespaces {@code <prefix>-a-*} and {@code <prefix>-b-*}, each with one account. */
  public static TwoTenants create(Channel channel, Path dataDir, String prefix) {
    String adminToken = TestCallers.adminToken(channel, dataDir);
    TwoTenants tenants =
        new TwoTenants(
            channel,
            adminToken,
            account(channel, adminToken, TestCallers.newNamespace(prefix + "-a"), "alice"),
            account(channel, adminToken, TestCallers.newNamespace(prefix + "-b"), "bob"));
    return tenants;
  }

  private static Tenant account(
      Channel channel, String adminToken, String namespace, String id, String... scopes) {
    return account(
        channel,
        adminToken,
        namespace,
        GenerateRequest.newBuilder().setId(id).addAllScopes(List.of(scopes)).build());
  }

  private static Tenant account(
      Channel channel, String adminToken, String namespace, GenerateRequest request) {
    String id = request.getId();
    String secret =
        TestCallers.as(AuthGrpc.newBlockingStub(channel), adminToken, namespace)
            .generate(request)
            .getAccount()
            .getSecret();
    return new Tenant(namespace, id, TestCallers.token(channel, namespace, id, secret));
  }

  public Tenant a() {
    return a;
  }

  public Tenant b() {
    return b;
  }

  public String adminToken() {
    return adminToken;
  }

  /** Another account of tenant A, holding these scopes. */
  public Tenant anotherOfA(String id, String... scopes) {
    return account(channel, adminToken, a.namespace(), id, scopes);
  }

  /** A service account (type {@code service}, no scopes) of tenant A. */
  public Tenant serviceOfA(String id) {
    return account(
        channel,
        adminToken,
        a.namespace(),
        GenerateRequest.newBuilder().setId(id).setType("service").build());
  }

  /**
   * Adds to tenant A a rule, of a priority above the default rules, that denies one endpoint of a
   * platform service (e.g. {@code store}, {@code Store.Write}) to the accounts holding a scope.
   */
  public void denyInA(String scope, String service, String endpoint) {
    Rule rule =
        Rule.newBuilder()
            .setId("deny-" + scope + "-" + endpoint.replace('.', '-'))
            .setScope(scope)
            .setResource(
                Resource.newBuilder().setType("service").setName(service).setEndpoint(endpoint))
            .setAccess(Access.DENIED)
            .setPriority(10)
            .build();
    TestCallers.as(RulesGrpc.newBlockingStub(channel), adminToken, a.namespace())
        .create(CreateRuleRequest.newBuilder().setRule(rule).build());
  }
}
