package dev.aloft.server.auth;

import dev.aloft.server.calls.NonBlocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rules of each namespace as the interceptor needs them on every call: read through a short
 * cache ({@code aloft.auth.rules-cache-ttl}, default 5 s, so that changes made by another server on
 * a shared backend show up soon), invalidated at once by changes made through this server. Also
 * provisions a namespace with {@link DefaultRules} the first time it is entered.
 */
@ApplicationScoped
public class NamespaceRules {

  private record Cached(List<Rule> rules, long loadedAtNanos) {}

  private final RuleStore store;
  private final long ttlNanos;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Set<String> provisioned = ConcurrentHashMap.newKeySet();

  @Inject
  public NamespaceRules(
      RuleStore store,
      @ConfigProperty(name = "aloft.auth.rules-cache-ttl", defaultValue = "5S") Duration ttl) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
  }

  /**
   * The namespace's rules in {@link RuleEvaluator#EVALUATION_ORDER} (sorted once per load, for
   * {@link RuleEvaluator#evaluateInOrder}).
   */
  public List<Rule> rules(String namespace) {
    long now = System.nanoTime();
    Cached cached = cache.get(namespace);
    if (cached == null || now - cached.loadedAtNanos() >= ttlNanos) {
      NonBlocking.beforeBlocking();
      cached = new Cached(RuleEvaluator.inEvaluationOrder(store.list(namespace)), now);
      cache.put(namespace, cached);
    }
    return cached.rules();
  }

  /** Forgets the cached rules of the namespace; call after every change to them. */
  public void invalidate(String namespace) {
    cache.remove(namespace);
  }

  /** Gives a namespace its default rules unless it already got them once. */
  public void provision(String namespace) {
    if (provisioned.contains(namespace)) {
      return;
    }
    NonBlocking.beforeBlocking();
    if (store.provision(namespace, DefaultRules.forNewNamespace())) {
      invalidate(namespace);
    }
    provisioned.add(namespace);
  }
}
