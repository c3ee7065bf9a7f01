package dev.aloft.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aloft.server.auth.Access;
import dev.aloft.server.auth.AccountStore;
import dev.aloft.server.auth.AccountType;
import dev.aloft.server.auth.EmbeddedAccountStore;
import dev.aloft.server.auth.EmbeddedDatabase;
import dev.aloft.server.auth.EmbeddedRuleStore;
import dev.aloft.server.auth.LocalKeyTokens;
import dev.aloft.server.auth.LocalSigningKey;
import dev.aloft.server.auth.NamespaceRules;
import dev.aloft.server.auth.NewAccount;
import dev.aloft.server.auth.Resource;
import dev.aloft.server.auth.Rule;
import dev.aloft.server.auth.RuleStore;
import io.grpc.Metadata;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the interceptor turns headers into a Caller, on real stores and a real key pair. */
class TenancyInterceptorTest {

  private static final String STORE_READ = "aloft.store.v1.Store/Read";

  @TempDir Path dir;
  private EmbeddedDatabase database;
  private AccountStore accounts;
  private RuleStore rules;
  private LocalKeyTokens tokens;
  private TenancyInterceptor interceptor;

  @BeforeEach
  void open() {
    database = new EmbeddedDatabase(dir);
    accounts = new EmbeddedAccountStore(database.dataSource());
    rules = new EmbeddedRuleStore(database.dataSource());
    tokens =
        new LocalKeyTokens(
            LocalSigningKey.loadOrCreate(dir.resolve("auth")),
            accounts,
            Duration.ofMinutes(15),
            Duration.ofDays(7),
            Clock.systemUTC());
    NamespaceRules namespaceRules = new NamespaceRules(rules, Duration.ZERO);
    namespaceRules.provision("default");
    namespaceRules.provision("acme");
    interceptor = new TenancyInterceptor(new CallAuthorizer(tokens, namespaceRules));
  }

  @AfterEach
  void close() {
    database.close();
  }

  private String tokenOf(String namespace, String id, String... scopes) {
    var account =
        accounts.create(
            namespace,
            new NewAccount(id, AccountType.USER, List.of(scopes), Map.of()),
            id + "-secret");
    return tokens.issue(account, Duration.ZERO).accessToken();
  }

  private static Metadata headers(String authorization, String namespace) {
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(TenancyInterceptor.AUTHORIZATION, authorization);
    }
    if (namespace != null) {
      headers.put(TenancyInterceptor.NAMESPACE, namespace);
    }
    return headers;
  }

  private Status rejection(String method, Metadata headers) {
    CallRejection rejection =
        catchThrowableOfType(CallRejection.class, () -> interceptor.authorize(method, headers));
    assertThat(rejection).as("the call should have been rejected").isNotNull();
    return rejection.status();
  }

  @Test
  void anAccountActsInItsOwnNamespace() throws Exception {
    String token = tokenOf("acme", "alice", "dev");
    Caller caller = interceptor.authorize(STORE_READ, headers("Bearer " + token, null));
    assertThat(caller)
        .isEqualTo(new Caller("alice", "acme", "acme", java.util.Set.of("dev"), false));
    assertThat(interceptor.authorize(STORE_READ, headers("Bearer " + token, "acme")).namespace())
        .isEqualTo("acme");
  }

  @Test
  void aServiceAccountsTokenMakesAServiceCaller() throws Exception {
    var account =
        accounts.create(
            "acme", new NewAccount("orders", AccountType.SERVICE, List.of(), Map.of()), "secret-1");
    String token = tokens.issue(account, Duration.ZERO).accessToken();

    Caller caller = interceptor.authorize(STORE_READ, headers("Bearer " + token, null));
    assertThat(caller.serviceAccount()).isTrue();
    assertThat(caller.accountId()).isEqualTo("orders");
    assertThat(
            interceptor
                .authorize(STORE_READ, headers("Bearer " + tokenOf("acme", "alice"), null))
                .serviceAccount())
        .isFalse();
  }

  @Test
  void anonymousCallersGetTheNamespaceTheyNameOrDefault() throws Exception {
    assertThat(interceptor.authorize("aloft.auth.v1.Auth/Token", headers(null, null)))
        .isEqualTo(Caller.anonymous("default"));
    Caller caller = interceptor.authorize("aloft.auth.v1.Auth/Token", headers(null, "acme"));
    assertThat(caller.namespace()).isEqualTo("acme");
    assertThat(caller.authenticated()).isFalse();
  }

  @Test
  void anInvalidTokenStillPassesAPublicRuleAsAnonymous() throws Exception {
    Caller caller =
        interceptor.authorize("aloft.auth.v1.Auth/Token", headers("Bearer not.a.token", "acme"));
    assertThat(caller).isEqualTo(Caller.anonymous("acme"));

    Status status = rejection(STORE_READ, headers("Bearer not.a.token", "acme"));
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).contains("invalid token", "service:store:Store.Read");
  }

  @Test
  void crossingNamespacesIsForPlatformAdminsOnly() throws Exception {
    String alice = tokenOf("acme", "alice", "admin");
    Status status = rejection(STORE_READ, headers("Bearer " + alice, "globex"));
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).contains("'globex'", "only platform admins");
    assertThat(rules.isProvisioned("globex")).isFalse();

    String admin = tokenOf("default", "admin", "admin");
    Caller caller = interceptor.authorize(STORE_READ, headers("Bearer " + admin, "globex"));
    assertThat(caller.namespace()).isEqualTo("globex");
    assertThat(caller.accountNamespace()).isEqualTo("default");
    assertThat(caller.platformAdmin()).isTrue();
    assertThat(rules.isProvisioned("globex")).isTrue();
  }

  @Test
  void ruleChangesApplyToTheNextCall() throws Exception {
    String bob = tokenOf("acme", "bob");
    interceptor.authorize(STORE_READ, headers("Bearer " + bob, null));
    rules.create(
        "acme", new Rule("no-store", "*", new Resource("service", "store", "*"), Access.DENIED, 1));
    Status status = rejection(STORE_READ, headers("Bearer " + bob, null));
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).contains("rule 'no-store' denies it");
  }

  @Test
  void anUnknownNamespaceIsPointedOut() {
    Status status = rejection("aloft.auth.v1.Auth/Token", headers(null, "acne"));
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).contains("namespace 'acne' has no rules");
  }

  @Test
  void malformedHeadersAreNamed() {
    Status status = rejection(STORE_READ, headers(null, "UPPER"));
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("aloft-namespace:");

    Status basic = rejection(STORE_READ, headers("Basic abc", null));
    assertThat(basic.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(basic.getDescription()).contains("Bearer");
  }
}
