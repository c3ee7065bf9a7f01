package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {

  private static final String NS = "acme";
  private static final Subject ANONYMOUS = Subject.ANONYMOUS;
  private static final Subject ACME_USER = new Subject("acme", Set.of());
  private static final Subject ACME_OPS = new Subject("acme", Set.of("ops"));
  private static final Subject FOREIGN = new Subject("globex", Set.of());
  private static final Resource STORE_READ = new Resource("service", "store", "Store.Read");

  private static Rule rule(String id, String scope, String resource, Access access, int priority) {
    return new Rule(id, scope, Resource.parse(resource), access, priority);
  }

  private static RuleEvaluator.Decision decide(
      List<Rule> rules, Subject subject, Resource resource) {
    return RuleEvaluator.evaluate(rules, NS, subject, resource);
  }

  @Test
  void nothingMatchingMeansDenied() {
    RuleEvaluator.Decision decision =
        decide(
            List.of(rule("other", "*", "service:config:*", Access.GRANTED, 0)),
            ACME_USER,
            STORE_READ);
    assertThat(decision.access()).isEqualTo(Access.DENIED);
    assertThat(decision.rule()).isEmpty();
    assertThat(decide(List.of(), ACME_USER, STORE_READ).granted()).isFalse();
  }

  @Test
  void publicScopeMatchesEveryoneEvenWithoutAToken() {
    List<Rule> rules = List.of(rule("public", "", "*:*:*", Access.GRANTED, 0));
    assertThat(decide(rules, ANONYMOUS, STORE_READ).granted()).isTrue();
    assertThat(decide(rules, FOREIGN, STORE_READ).granted()).isTrue();
  }

  @Test
  void starScopeMatchesOnlyAccountsOfTheNamespace() {
    List<Rule> rules = List.of(rule("members", "*", "*:*:*", Access.GRANTED, 0));
    assertThat(decide(rules, ACME_USER, STORE_READ).granted()).isTrue();
    assertThat(decide(rules, FOREIGN, STORE_READ).granted()).isFalse();
    assertThat(decide(rules, ANONYMOUS, STORE_READ).granted()).isFalse();
  }

  @Test
  void plusScopeMatchesAnyAccountOfAnyNamespaceButNotAnonymous() {
    List<Rule> rules = List.of(rule("everyone-logged-in", "+", "*:*:*", Access.GRANTED, 0));
    assertThat(decide(rules, ACME_USER, STORE_READ).granted()).isTrue();
    assertThat(decide(rules, FOREIGN, STORE_READ).granted()).isTrue();
    assertThat(decide(rules, ANONYMOUS, STORE_READ).granted()).isFalse();
  }

  @Test
  void namedScopeMatchesAccountsCarryingIt() {
    List<Rule> rules = List.of(rule("ops-only", "ops", "*:*:*", Access.GRANTED, 0));
    assertThat(decide(rules, ACME_OPS, STORE_READ).granted()).isTrue();
    assertThat(decide(rules, ACME_USER, STORE_READ).granted()).isFalse();
    assertThat(decide(rules, ANONYMOUS, STORE_READ).granted()).isFalse();
  }

  @Test
  void higherPriorityIsEvaluatedFirst() {
    List<Rule> rules =
        List.of(
            rule("allow-all", "*", "*:*:*", Access.GRANTED, 0),
            rule("no-store", "*", "service:store:*", Access.DENIED, 10),
            rule("but-ops-reads", "ops", "service:store:Store.Read", Access.GRANTED, 20));

    assertThat(decide(rules, ACME_USER, STORE_READ).rule().orElseThrow().id())
        .isEqualTo("no-store");
    assertThat(decide(rules, ACME_USER, STORE_READ).granted()).isFalse();
    assertThat(decide(rules, ACME_OPS, STORE_READ).granted()).isTrue();
    assertThat(decide(rules, ACME_USER, new Resource("service", "config", "Config.Get")).granted())
        .isTrue();
  }

  @Test
  void atEqualPriorityDeniedWins() {
    List<Rule> rules =
        List.of(
            rule("a-grant", "*", "*:*:*", Access.GRANTED, 5),
            rule("z-deny", "*", "service:store:*", Access.DENIED, 5));
    RuleEvaluator.Decision decision = decide(rules, ACME_USER, STORE_READ);
    assertThat(decision.granted()).isFalse();
    assertThat(decision.rule().orElseThrow().id()).isEqualTo("z-deny");
  }

  @Test
  void prefixEndpointsMatchWhatIsBelowThem() {
    List<Rule> rules = List.of(rule("foo", "*", "service:web:/foo/*", Access.GRANTED, 0));
    assertThat(decide(rules, ACME_USER, new Resource("service", "web", "/foo/bar")).granted())
        .isTrue();
    assertThat(decide(rules, ACME_USER, new Resource("service", "web", "/foo/bar/baz")).granted())
        .isTrue();
    assertThat(decide(rules, ACME_USER, new Resource("service", "web", "/foobar")).granted())
        .isFalse();
    assertThat(decide(rules, ACME_USER, new Resource("service", "web", "/bar/foo")).granted())
        .isFalse();
    assertThat(decide(rules, ACME_USER, new Resource("service", "api", "/foo/bar")).granted())
        .isFalse();
  }

  @Test
  void wildcardsApplyToEachPartSeparately() {
    List<Rule> rules = List.of(rule("store-reads", "*", "*:store:Store.*", Access.GRANTED, 0));
    assertThat(decide(rules, ACME_USER, STORE_READ).granted()).isTrue();
    assertThat(decide(rules, ACME_USER, new Resource("service", "store", "Store.Write")).granted())
        .isTrue();
    assertThat(decide(rules, ACME_USER, new Resource("service", "config", "Store.Read")).granted())
        .isFalse();
    assertThat(decide(rules, ACME_USER, new Resource("service", "store", "Stor.Read")).granted())
        .isFalse();
  }

  @Test
  void defaultRulesGrantMembersAndAdminsAndLeaveOnlyLoginPublic() {
    List<Rule> defaults = DefaultRules.forNewNamespace();
    Resource token = new Resource("service", "auth", "Auth.Token");
    Resource generate = new Resource("service", "auth", "Auth.Generate");
    Subject platformAdmin = new Subject("default", Set.of("admin"));

    assertThat(decide(defaults, ANONYMOUS, token).granted()).isTrue();
    assertThat(decide(defaults, ANONYMOUS, generate).granted()).isFalse();
    assertThat(decide(defaults, ANONYMOUS, STORE_READ).granted()).isFalse();
    assertThat(decide(defaults, ACME_USER, STORE_READ).granted()).isTrue();
    assertThat(decide(defaults, FOREIGN, STORE_READ).granted()).isFalse();
    assertThat(decide(defaults, platformAdmin, STORE_READ).granted()).isTrue();
  }

  @Test
  void rulesSortedOnceDecideAsTheUnsortedListDoes() {
    List<Rule> rules =
        List.of(
            rule("members", "*", "*:*:*", Access.GRANTED, 0),
            rule("ops-writes", "ops", "service:store:Store.*", Access.GRANTED, 20),
            rule("no-store", "*", "service:store:*", Access.DENIED, 10),
            rule("no-store-granted", "*", "service:store:*", Access.GRANTED, 10));
    List<Rule> sorted = RuleEvaluator.inEvaluationOrder(rules);

    assertThat(sorted)
        .extracting(Rule::id)
        .containsExactly("ops-writes", "no-store", "no-store-granted", "members");
    for (Subject subject : List.of(ACME_USER, ACME_OPS, FOREIGN, ANONYMOUS)) {
      assertThat(RuleEvaluator.evaluateInOrder(sorted, NS, subject, STORE_READ))
          .isEqualTo(decide(rules, subject, STORE_READ));
    }
    assertThat(RuleEvaluator.evaluateInOrder(sorted, NS, ACME_USER, STORE_READ).rule())
        .map(Rule::id)
        .contains("no-store");
  }
}
