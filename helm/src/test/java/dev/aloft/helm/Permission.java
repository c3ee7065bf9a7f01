package dev.aloft.helm;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One verb on one resource of one API group ({@code ""} is the core group), as an RBAC rule grants
 * it; {@code resource} may name a subresource ({@code pods/log}).
 */
record Permission(String group, String resource, String verb) {

  static List<Permission> of(String group, String resource, Collection<String> verbs) {
    return verbs.stream().map(verb -> new Permission(group, resource, verb)).toList();
  }

  /** Every permission the rules spell out (wildcards stay as they are). */
  static List<Permission> of(List<PolicyRule> rules) {
    List<Permission> permissions = new ArrayList<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          permissions.addAll(of(group, resource, rule.getVerbs()));
        }
      }
    }
    return permissions;
  }

  /** Whether one of {@code rules} grants this permission. */
  boolean grantedBy(List<PolicyRule> rules) {
    return rules.stream()
        .anyMatch(
            rule ->
                matches(rule.getApiGroups(), group)
                    && matches(rule.getResources(), resource)
                    && matches(rule.getVerbs(), verb)
                    && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()));
  }

  private static boolean matches(List<String> granted, String wanted) {
    return granted != null && (granted.contains(wanted) || granted.contains("*"));
  }

  @Override
  public String toString() {
    return verb + " " + resource + (group.isEmpty() ? "" : "." + group);
  }
}
