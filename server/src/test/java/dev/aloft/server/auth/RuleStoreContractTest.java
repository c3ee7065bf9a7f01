package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RuleStore} backend must do; each test uses namespaces of its own. */
abstract class RuleStoreContractTest {

  protected abstract RuleStore store();

  /** The store after the backend was shut down and opened again on the same data. */
  protected abstract RuleStore restarted();

  private String ns;
  private String otherNs;

  @BeforeEach
  void namespaces() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    ns = "acme-" + suffix;
    otherNs = "globex-" + suffix;
  }

  private static Rule rule(String id, String scope, String resource, Access access, int priority) {
    return new Rule(id, scope, Resource.parse(resource), access, priority);
  }

  @Test
  void createdRulesAreListedInEvaluationOrder() {
    store().create(ns, rule("low", "*", "*:*:*", Access.GRANTED, 0));
    store().create(ns, rule("high-granted", "", "service:store:Store.Read", Access.GRANTED, 10));
    store().create(ns, rule("high-denied", "ops", "service:store:*", Access.DENIED, 10));
    store().create(ns, rule("negative", "+", "service:*:/foo/*", Access.DENIED, -5));

    assertThat(store().list(ns))
        .containsExactly(
            rule("high-denied", "ops", "service:store:*", Access.DENIED, 10),
            rule("high-granted", "", "service:store:Store.Read", Access.GRANTED, 10),
            rule("low", "*", "*:*:*", Access.GRANTED, 0),
            rule("negative", "+", "service:*:/foo/*", Access.DENIED, -5));
  }

  @Test
  void thePublicScopeIsKeptAsTheEmptyString() {
    store().create(ns, rule("public", "", "*:*:*", Access.GRANTED, 1));
    assertThat(store().list(ns).get(0).scope()).isEmpty();
  }

  @Test
  void duplicateIdIsRefused() {
    store().create(ns, rule("r1", "*", "*:*:*", Access.GRANTED, 0));
    assertThatThrownBy(() -> store().create(ns, rule("r1", "", "*:*:*", Access.DENIED, 1)))
        .isInstanceOf(RuleExistsException.class)
        .hasMessageContaining("r1");
  }

  @Test
  void deleteRemovesOnlyThatRuleOfThatNamespace() {
    store().create(ns, rule("r1", "*", "*:*:*", Access.GRANTED, 0));
    store().create(ns, rule("r2", "*", "*:*:*", Access.DENIED, 0));
    store().create(otherNs, rule("r1", "*", "*:*:*", Access.GRANTED, 0));

    assertThat(store().delete(ns, "r1")).isTrue();
    assertThat(store().delete(ns, "r1")).isFalse();
    assertThat(store().delete(ns, "missing")).isFalse();

    assertThat(store().list(ns)).extracting(Rule::id).containsExactly("r2");
    assertThat(store().list(otherNs)).extracting(Rule::id).containsExactly("r1");
  }

  @Test
  void provisioningHappensOnceEvenAfterTheRulesWereDeleted() {
    List<Rule> defaults = DefaultRules.forNewNamespace();
    assertThat(store().isProvisioned(ns)).isFalse();

    assertThat(store().provision(ns, defaults)).isTrue();
    assertThat(store().isProvisioned(ns)).isTrue();
    assertThat(store().list(ns)).containsExactlyInAnyOrderElementsOf(defaults);

    store().list(ns).forEach(rule -> store().delete(ns, rule.id()));
    assertThat(store().provision(ns, defaults)).isFalse();
    assertThat(store().list(ns)).isEmpty();
    assertThat(store().isProvisioned(otherNs)).isFalse();
  }

  @Test
  void rulesAndProvisioningSurviveARestart() {
    store().provision(ns, DefaultRules.forNewNamespace());
    store().create(ns, rule("extra", "ops", "service:store:Store.*", Access.DENIED, 5));

    RuleStore after = restarted();

    assertThat(after.isProvisioned(ns)).isTrue();
    assertThat(after.list(ns)).hasSize(DefaultRules.forNewNamespace().size() + 1);
    assertThat(after.list(ns).get(0))
        .isEqualTo(rule("extra", "ops", "service:store:Store.*", Access.DENIED, 5));
  }
}
