package dev.aloft.server.auth;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides a call from a namespace's rules: highest priority first, at equal priority DENIED before
 * GRANTED; the first rule whose scope and resource match decides; when none matches, the call is
 * denied. Pure: no state, no I/O.
 */
public final class RuleEvaluator {

  /** Evaluation order: priority descending, then denied first, then id for a stable order. */
  public static final Comparator<Rule> EVALUATION_ORDER =
      Comparator.comparingInt(Rule::priority)
          .reversed()
          .thenComparing(rule -> rule.access() == Access.DENIED ? 0 : 1)
          .thenComparing(Rule::id);

  private RuleEvaluator() {}

  /**
   * The outcome of evaluating a call.
   *
   * @param access the decision
   * @param rule the rule that decided it; empty when no rule matched (then access is DENIED)
   */
  public record Decision(Access access, Optional<Rule> rule) {
    public boolean granted() {
      return access == Access.GRANTED;
    }
  }

  /**
   * Evaluates a call of the subject on the resource against the rules of the namespace the call
   * acts in.
   */
  public static Decision evaluate(
      List<Rule> rules, String namespace, Subject subject, Resource resource) {
    return evaluateInOrder(inEvaluationOrder(rules), namespace, subject, resource);
  }

  /** The rules sorted in {@link #EVALUATION_ORDER}, unmodifiable: sort once, evaluate often. */
  public static List<Rule> inEvaluationOrder(List<Rule> rules) {
    return rules.stream().sorted(EVALUATION_ORDER).toList();
  }

  /**
   * As {@link #evaluate}, for rules already in {@link #EVALUATION_ORDER} (from {@link
   * #inEvaluationOrder}): what every call does, without sorting again.
   */
  public static Decision evaluateInOrder(
      List<Rule> sortedRules, String namespace, Subject subject, Resource resource) {
    for (Rule rule : sortedRules) {
      if (scopeMatches(rule.scope(), namespace, subject)
          && resourceMatches(rule.resource(), resource)) {
        return new Decision(rule.access(), Optional.of(rule));
      }
    }
    return new Decision(Access.DENIED, Optional.empty());
  }

  static boolean scopeMatches(String scope, String namespace, Subject subject) {
    return switch (scope) {
      case Rule.SCOPE_PUBLIC -> true;
      case Rule.SCOPE_NAMESPACE_ACCOUNTS ->
          subject.isAuthenticated() && namespace.equals(subject.accountNamespace());
      case Rule.SCOPE_ANY_ACCOUNT -> subject.isAuthenticated();
      default -> subject.isAuthenticated() && subject.scopes().contains(scope);
    };
  }

  static boolean resourceMatches(Resource pattern, Resource resource) {
    return partMatches(pattern.type(), resource.type())
        && partMatches(pattern.name(), resource.name())
        && partMatches(pattern.endpoint(), resource.endpoint());
  }

  /** {@code *} matches anything; {@code x*} matches what starts with x; else equality. */
  static boolean partMatches(String pattern, String value) {
    if (pattern.endsWith("*")) {
      return value.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(value);
  }
}
