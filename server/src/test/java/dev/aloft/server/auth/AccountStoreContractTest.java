package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountStore} backend must do. Each test works in namespaces of its own, so
 * that a backend shared between tests (a realm server, a database) needs no cleaning.
 */
abstract class AccountStoreContractTest {

  /** The store under test. */
  protected abstract AccountStore store();

  /** The store after the backend was shut down and opened again on the same data. */
  protected abstract AccountStore restarted();

  private String ns;
  private String otherNs;

  @BeforeEach
  void namespaces() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    ns = "acme-" + suffix;
    otherNs = "globex-" + suffix;
  }

  private static NewAccount user(String id, String... scopes) {
    return new NewAccount(id, AccountType.USER, List.of(scopes), Map.of("team", "core"));
  }

  @Test
  void createdAccountIsFoundWithEverythingItWasGiven() {
    Account created = store().create(ns, user("alice", "developer", "ops"), "s3cret-alice");

    assertThat(created.namespace()).isEqualTo(ns);
    assertThat(store().find(ns, "alice"))
        .hasValueSatisfying(
            account -> {
              assertThat(account.id()).isEqualTo("alice");
              assertThat(account.namespace()).isEqualTo(ns);
              assertThat(account.type()).isEqualTo(AccountType.USER);
              assertThat(account.scopes()).containsExactly("developer", "ops");
              assertThat(account.metadata()).containsExactlyEntriesOf(Map.of("team", "core"));
              assertThat(account.created()).isEqualTo(created.created());
            });
  }

  @Test
  void serviceAccountsKeepTheirType() {
    store()
        .create(
            ns, new NewAccount("orders", AccountType.SERVICE, List.of(), Map.of()), "x".repeat(12));
    assertThat(store().find(ns, "orders").orElseThrow().type()).isEqualTo(AccountType.SERVICE);
  }

  @Test
  void duplicateIdInTheSameNamespaceIsRefused() {
    store().create(ns, user("alice"), "first-secret");
    assertThatThrownBy(() -> store().create(ns, user("alice"), "second-secret"))
        .isInstanceOf(AccountExistsException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining(ns);
  }

  @Test
  void authenticateAcceptsOnlyTheRightSecret() {
    store().create(ns, user("alice"), "right-secret");

    assertThat(store().authenticate(ns, "alice", "right-secret")).isPresent();
    assertThat(store().authenticate(ns, "alice", "wrong-secret")).isEmpty();
    assertThat(store().authenticate(ns, "alice", "")).isEmpty();
    assertThat(store().authenticate(ns, "nobody", "right-secret")).isEmpty();
  }

  @Test
  void namespacesAreIsolated() {
    store().create(ns, user("alice"), "secret-in-acme");
    store().create(otherNs, user("alice"), "secret-in-globex");
    store().create(otherNs, user("bob"), "secret-of-bob");

    assertThat(store().list(ns)).extracting(Account::id).containsExactly("alice");
    assertThat(store().find(ns, "bob")).isEmpty();
    assertThat(store().authenticate(ns, "alice", "secret-in-globex")).isEmpty();
    assertThat(store().authenticate(otherNs, "alice", "secret-in-globex")).isPresent();
    assertThat(store().delete(ns, "bob")).isFalse();
    assertThat(store().delete(ns, "alice")).isTrue();
    assertThat(store().find(otherNs, "alice")).isPresent();
  }

  @Test
  void listIsOrderedById() {
    store().create(ns, user("carol"), "secret-carol");
    store().create(ns, user("alice"), "secret-alice");
    store().create(ns, user("bob"), "secret-bob-1");

    assertThat(store().list(ns)).extracting(Account::id).containsExactly("alice", "bob", "carol");
    assertThat(store().list("empty-" + ns)).isEmpty();
  }

  @Test
  void secretIsStoredHashedAndCanBeChanged() {
    store().create(ns, user("alice"), "old-secret");
    String before = store().credentialVersion(ns, "alice").orElseThrow();

    assertThat(store().changeSecret(ns, "alice", "new-secret")).isTrue();

    assertThat(store().authenticate(ns, "alice", "old-secret")).isEmpty();
    assertThat(store().authenticate(ns, "alice", "new-secret")).isPresent();
    assertThat(store().credentialVersion(ns, "alice"))
        .hasValueSatisfying(v -> assertThat(v).isNotEqualTo(before));
    assertThat(store().changeSecret(ns, "nobody", "new-secret")).isFalse();
  }

  @Test
  void recreatedAccountHasANewCredentialVersion() {
    store().create(ns, user("alice"), "same-secret");
    String first = store().credentialVersion(ns, "alice").orElseThrow();
    assertThat(store().delete(ns, "alice")).isTrue();
    assertThat(store().credentialVersion(ns, "alice")).isEmpty();

    store().create(ns, user("alice"), "same-secret");
    assertThat(store().credentialVersion(ns, "alice"))
        .hasValueSatisfying(v -> assertThat(v).isNotEqualTo(first));
  }

  @Test
  void accountsSurviveARestart() {
    store().create(ns, user("alice", "developer"), "durable-secret");

    AccountStore after = restarted();

    assertThat(after.find(ns, "alice").orElseThrow().scopes()).containsExactly("developer");
    assertThat(after.authenticate(ns, "alice", "durable-secret")).isPresent();
  }
}
