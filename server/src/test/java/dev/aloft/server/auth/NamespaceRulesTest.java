package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.server.calls.NonBlocking;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules cache: what it reads from the store, and what it answers without reading. */
class NamespaceRulesTest {

  @TempDir Path dir;

  private EmbeddedDatabase database;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger provisions = new AtomicInteger();
  private RuleStore store;

  @BeforeEach
  void open() {
    database = new EmbeddedDatabase(dir);
    EmbeddedRuleStore embedded = new EmbeddedRuleStore(database.dataSource());
    store =
        new RuleStore() {
          @Override
          public void create(String namespace, Rule rule) {
            embedded.create(namespace, rule);
          }

          @Override
          public boolean delete(String namespace, String id) {
            return embedded.delete(namespace, id);
          }

          @Override
          public List<Rule> list(String namespace) {
            reads.incrementAndGet();
            return embedded.list(namespace);
          }

          @Override
          public boolean provision(String namespace, List<Rule> initialRules) {
            provisions.incrementAndGet();
            return embedded.provision(namespace, initialRules);
          }

          @Override
          public boolean isProvisioned(String namespace) {
            return embedded.isProvisioned(namespace);
          }
        };
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void withoutBlockingItAnswersOnlyWhatItHasAndLeavesTheStoreAlone() throws Exception {
    NamespaceRules rules = new NamespaceRules(store, Duration.ofMinutes(1));

    // nothing known yet: the attempt ends before the store is asked
    assertThat(NonBlocking.<List<Rule>, RuntimeException>attempt(() -> rules.rules("acme")))
        .isNull();
    assertThat(NonBlocking.<Boolean, RuntimeException>attempt(() -> provision(rules, "acme")))
        .isNull();
    assertThat(reads).hasValue(0);
    assertThat(provisions).hasValue(0);

    // where blocking is allowed it reads, and from then on the attempt answers from memory
    rules.provision("acme");
    List<Rule> loaded = rules.rules("acme");
    assertThat(loaded).isNotEmpty();
    assertThat(NonBlocking.<List<Rule>, RuntimeException>attempt(() -> rules.rules("acme")))
        .isEqualTo(loaded);
    assertThat(NonBlocking.<Boolean, RuntimeException>attempt(() -> provision(rules, "acme")))
        .isTrue();
    assertThat(reads).hasValue(1);
    assertThat(provisions).hasValue(1);
  }

  private static boolean provision(NamespaceRules rules, String namespace) {
    rules.provision(namespace);
    return true;
  }
}
