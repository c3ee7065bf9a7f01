package dev.aloft.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConfigBackend} does, whatever it stores in. A subclass per backend provides
 * fresh storage for each test, a way to reopen it as a restarted server would, and a look at what
 * it keeps at rest.
 */
abstract class ConfigContractTest {

  static final String ACME = "acme";
  static final String GLOBEX = "globex";

  private static final Duration WATCH_WAIT = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(500);

  protected ConfigBackend config;

  /** The backend on new, empty storage. */
  protected abstract ConfigBackend openFresh();

  /** A new backend instance on the storage {@link #openFresh} created, as after a restart. */
  protected abstract ConfigBackend reopen();

  /** Everything the backend keeps at rest, as text, to look for plaintext secrets in. */
  protected abstract String storedAtRest();

  @BeforeEach
  void open() {
    config = openFresh();
  }

  // ---- get and set

  @Test
  void setThenGetReturnsTheValue() {
    config.set(ACME, "orders.db.pool", "10", false);
    config.set(ACME, "orders.name", "\"orders\"", false);

    assertThat(get(ACME, "orders.db.pool")).isEqualTo("10");
    assertThat(get(ACME, "orders.name")).isEqualTo("\"orders\"");
  }

  @Test
  void getReturnsTheSubtreeAndPathsInsideAStoredMap() {
    config.set(ACME, "a", "{\"b\":{\"c\":1,\"d\":[1,2]},\"e\":true}", false);

    assertThat(get(ACME, "a")).isEqualTo("{\"b\":{\"c\":1,\"d\":[1,2]},\"e\":true}");
    assertThat(get(ACME, "a.b")).isEqualTo("{\"c\":1,\"d\":[1,2]}");
    assertThat(get(ACME, "a.b.c")).isEqualTo("1");
    assertThat(get(ACME, "a.b.d")).isEqualTo("[1,2]");
  }

  @Test
  void mapsMergeIntoMaps() {
    config.set(ACME, "a", "{\"x\":1}", false);
    config.set(ACME, "a.y", "2", false);
    assertThat(get(ACME, "a")).isEqualTo("{\"x\":1,\"y\":2}");

    config.set(ACME, "a", "{\"z\":{\"p\":3}}", false);
    assertThat(get(ACME, "a")).isEqualTo("{\"x\":1,\"y\":2,\"z\":{\"p\":3}}");

    config.set(ACME, "a", "{\"z\":{\"q\":4},\"x\":{\"deep\":5}}", false);
    assertThat(get(ACME, "a")).isEqualTo("{\"x\":{\"deep\":5},\"y\":2,\"z\":{\"p\":3,\"q\":4}}");
  }

  @Test
  void nonMapValuesReplaceWhatWasThere() {
    config.set(ACME, "a", "{\"x\":1,\"y\":{\"z\":2}}", false);
    config.set(ACME, "a.y", "\"flat\"", false);
    assertThat(get(ACME, "a")).isEqualTo("{\"x\":1,\"y\":\"flat\"}");
    assertNotFound(() -> config.get(ACME, "a.y.z", 0, false), "a.y.z");

    config.set(ACME, "a", "[1,2,3]", false);
    assertThat(get(ACME, "a")).isEqualTo("[1,2,3]");
    config.set(ACME, "a", "[4]", false);
    assertThat(get(ACME, "a")).isEqualTo("[4]");
    config.set(ACME, "a", "null", false);
    assertThat(get(ACME, "a")).isEqualTo("null");
  }

  @Test
  void settingUnderAScalarTurnsItIntoAMap() {
    config.set(ACME, "a", "5", false);
    config.set(ACME, "a.b.c", "1", false);

    assertThat(get(ACME, "a")).isEqualTo("{\"b\":{\"c\":1}}");
  }

  @Test
  void emptyObjectsAreValuesButMergeIntoMapsAsNothing() {
    config.set(ACME, "a", "{}", false);
    assertThat(get(ACME, "a")).isEqualTo("{}");

    config.set(ACME, "a.x", "1", false);
    assertThat(get(ACME, "a")).isEqualTo("{\"x\":1}");

    config.set(ACME, "a", "{}", false);
    config.set(ACME, "a", "{\"x\":{}}", false);
    assertThat(get(ACME, "a")).isEqualTo("{\"x\":{}}");
  }

  @Test
  void missingPathsAreNotFoundNamingThePath() {
    assertNotFound(() -> config.get(ACME, "nothing.here", 0, false), "nothing.here");
    config.set(ACME, "a", "5", false);
    assertNotFound(() -> config.get(ACME, "a.b", 0, false), "a.b");
    config.set(ACME, "ab", "1", false);
    assertNotFound(() -> config.get(ACME, "a.b", 0, false), "a.b");
  }

  @Test
  void readReturnsTheWholeNamespace() {
    assertThat(ConfigValues.print(config.read(ACME, 0, false).value())).isEqualTo("{}");
    assertThat(config.read(ACME, 0, false).version()).isZero();

    config.set(ACME, "a.b", "1", false);
    config.set(ACME, "c", "\"x\"", false);

    ConfigEntry read = config.read(ACME, 0, false);
    assertThat(ConfigValues.print(read.value())).isEqualTo("{\"a\":{\"b\":1},\"c\":\"x\"}");
    assertThat(read.version()).isEqualTo(2);
  }

  // ---- delete

  @Test
  void deleteRemovesThePathAndEverythingUnderIt() {
    config.set(ACME, "a", "{\"x\":{\"p\":1},\"y\":2}", false);

    config.delete(ACME, "a.x");
    assertThat(get(ACME, "a")).isEqualTo("{\"y\":2}");
    assertNotFound(() -> config.get(ACME, "a.x.p", 0, false), "a.x.p");

    config.delete(ACME, "a");
    assertNotFound(() -> config.get(ACME, "a", 0, false), "a");
    assertThat(ConfigValues.print(config.read(ACME, 0, false).value())).isEqualTo("{}");
  }

  @Test
  void deletingWhatIsNotThereIsNotFoundAndCreatesNoVersion() {
    long version = config.set(ACME, "a", "1", false);

    assertNotFound(() -> config.delete(ACME, "b"), "path b");
    assertNotFound(() -> config.delete(ACME, "a.b"), "path a.b");
    assertThat(config.read(ACME, 0, false).version()).isEqualTo(version);
  }

  // ---- versions and history

  @Test
  void everyChangeCreatesTheNextVersionOfItsNamespace() {
    assertThat(config.set(ACME, "a", "1", false)).isEqualTo(1);
    assertThat(config.set(ACME, "b", "2", false)).isEqualTo(2);
    assertThat(config.delete(ACME, "a")).isEqualTo(3);
    assertThat(config.set(GLOBEX, "a", "1", false)).isEqualTo(1);
  }

  @Test
  void historyListsTheChangesThatTouchedAPath() {
    config.set(ACME, "db", "{\"pool\":5}", false); // 1
    config.set(ACME, "other", "1", false); // 2
    config.set(ACME, "db.pool", "10", false); // 3
    config.set(ACME, "db.url", "\"jdbc:x\"", false); // 4
    config.delete(ACME, "db.pool"); // 5

    List<ConfigChange> history = config.history(ACME, "db.pool", 0, false);

    assertThat(history).extracting(ConfigChange::version).containsExactly(1L, 3L, 5L);
    assertThat(history)
        .extracting(ConfigChange::operation)
        .containsExactly(
            ConfigChange.Operation.SET, ConfigChange.Operation.SET, ConfigChange.Operation.DELETE);
    assertThat(history.get(0).path().text()).isEqualTo("db");
    assertThat(ConfigValues.print(history.get(0).value())).isEqualTo("{\"pool\":5}");
    assertThat(history.get(2).value()).isNull();
    assertThat(history.get(0).time()).isNotNull();

    assertThat(config.history(ACME, "db", 0, false))
        .extracting(ConfigChange::version)
        .containsExactly(1L, 3L, 4L, 5L);
    assertThat(config.history(ACME, "db", 2, false))
        .extracting(ConfigChange::version)
        .containsExactly(4L, 5L);
    assertThat(config.history(ACME, "never", 0, false)).isEmpty();
  }

  @Test
  void getAtAVersionReadsThePathAsItWasThen() {
    config.set(ACME, "db", "{\"pool\":5}", false); // 1
    config.set(ACME, "db.pool", "10", false); // 2
    config.set(ACME, "db", "\"replaced\"", false); // 3
    config.set(ACME, "unrelated", "1", false); // 4
    config.delete(ACME, "db"); // 5

    assertThat(getAt(ACME, "db", 1)).isEqualTo("{\"pool\":5}");
    assertThat(getAt(ACME, "db.pool", 1)).isEqualTo("5");
    assertThat(getAt(ACME, "db.pool", 2)).isEqualTo("10");
    assertThat(config.get(ACME, "db.pool", 2, false).version()).isEqualTo(2);
    assertThat(getAt(ACME, "db", 3)).isEqualTo("\"replaced\"");
    assertThat(getAt(ACME, "db", 4)).isEqualTo("\"replaced\"");
    assertThat(config.get(ACME, "db", 4, false).version()).isEqualTo(3);
    assertNotFound(() -> config.get(ACME, "db.pool", 3, false), "db.pool");
    assertNotFound(() -> config.get(ACME, "db", 5, false), "version 5");

    assertThat(ConfigValues.print(config.read(ACME, 2, false).value()))
        .isEqualTo("{\"db\":{\"pool\":10}}");
    assertThat(ConfigValues.print(config.read(ACME, 4, false).value()))
        .isEqualTo("{\"db\":\"replaced\",\"unrelated\":1}");
  }

  @Test
  void currentGetReportsTheVersionOfTheLastChangeToThePath() {
    config.set(ACME, "a", "1", false);
    config.set(ACME, "b", "1", false);
    config.set(ACME, "c.d", "1", false);

    assertThat(config.get(ACME, "a", 0, false).version()).isEqualTo(1);
    assertThat(config.get(ACME, "c", 0, false).version()).isEqualTo(3);

    config.set(ACME, "c.d.e", "2", false); // 4: under c.d
    config.set(ACME, "c.dd", "1", false); // 5: a sibling that only shares a prefix
    assertThat(config.get(ACME, "c.d", 0, false).version()).isEqualTo(4);
    assertThat(config.get(ACME, "c", 0, false).version()).isEqualTo(5);
    config.set(ACME, "c", "{\"x\":1}", false); // 6: at an ancestor
    config.set(ACME, "c.dd", "2", false); // 7
    assertThat(config.get(ACME, "c.d.e", 0, false).version()).isEqualTo(6);
    assertThat(config.get(ACME, "c.x", 0, false).version()).isEqualTo(6);
  }

  @Test
  void concurrentChangesOfANamespaceGetConsecutiveVersionsAndFailuresTakeNone() throws Exception {
    int writers = 8;
    int each = 12;
    List<Long> versions = new CopyOnWriteArrayList<>();
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      threads.add(
          new Thread(
              () -> {
                for (int n = 0; n < each; n++) {
                  try {
                    versions.add(config.set(ACME, "w" + writer % 3 + ".k" + n, "" + n, false));
                    // deleting what is not there fails alone and takes no version
                    assertNotFound(() -> config.delete(ACME, "never" + writer + ".x"), "never");
                  } catch (RuntimeException | AssertionError e) {
                    unexpected.add(e);
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(unexpected).isEmpty();
    assertThat(versions)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.rangeClosed(1, writers * each).boxed().toList());
    assertThat(config.set(ACME, "after", "1", false)).isEqualTo(writers * each + 1L);
    assertThat(config.history(ACME, "w0", 0, false)).hasSize(3 * each);
    assertThat(ConfigValues.print(config.get(ACME, "w1.k11", 0, false).value())).isEqualTo("11");
    long lastW2 = config.history(ACME, "w2", 1, false).get(0).version();
    assertThat(config.get(ACME, "w2", 0, false).version()).isEqualTo(lastW2);
  }

  @Test
  void versionsThatDoNotExistAreInvalidArgument() {
    config.set(ACME, "a", "1", false);

    assertInvalid(() -> config.get(ACME, "a", 2, false), "version 2 does not exist");
    assertInvalid(() -> config.get(ACME, "a", -1, false), "version must not be negative");
    assertInvalid(() -> config.read(ACME, 9, false), "version 9 does not exist");
    assertInvalid(() -> config.history(ACME, "a", -1, false), "limit");
  }

  // ---- secrets

  @Test
  void secretsAreMaskedUnlessAskedForAndNeverStoredInPlaintext() {
    config.set(ACME, "db", "{\"user\":\"app\"}", false);
    config.set(ACME, "db.password", "\"hunter2-plaintext\"", true);
    config.set(ACME, "api", "{\"key\":\"sk-live-plaintext\",\"region\":\"eu\"}", true);

    assertThat(get(ACME, "db")).isEqualTo("{\"password\":\"[secret]\",\"user\":\"app\"}");
    assertThat(get(ACME, "db.password")).isEqualTo("\"[secret]\"");
    assertThat(ConfigValues.print(config.get(ACME, "db.password", 0, true).value()))
        .isEqualTo("\"hunter2-plaintext\"");
    assertThat(ConfigValues.print(config.get(ACME, "api", 0, true).value()))
        .isEqualTo("{\"key\":\"sk-live-plaintext\",\"region\":\"eu\"}");
    assertThat(ConfigValues.print(config.read(ACME, 0, false).value())).doesNotContain("plaintext");

    List<ConfigChange> masked = config.history(ACME, "db.password", 0, false);
    assertThat(ConfigValues.print(masked.get(1).value())).isEqualTo("\"[secret]\"");
    assertThat(masked.get(1).secret()).isTrue();
    List<ConfigChange> revealed = config.history(ACME, "db.password", 0, true);
    assertThat(ConfigValues.print(revealed.get(1).value())).isEqualTo("\"hunter2-plaintext\"");
    assertThat(ConfigValues.print(config.get(ACME, "api.key", 3, true).value()))
        .isEqualTo("\"sk-live-plaintext\"");

    String atRest = storedAtRest();
    assertThat(atRest).contains("app"); // the check sees stored values at all
    assertThat(atRest).doesNotContain("hunter2-plaintext").doesNotContain("sk-live-plaintext");
  }

  @Test
  void aSecretOverwrittenByAPlainValueIsPlainAgain() {
    config.set(ACME, "token", "\"s3cr3t\"", true);
    config.set(ACME, "token", "\"public\"", false);

    assertThat(get(ACME, "token")).isEqualTo("\"public\"");
  }

  // ---- watch

  @Test
  void watchersSeeChangesThatTouchTheirPathAndNothingElse() {
    List<ConfigChange> onA = new CopyOnWriteArrayList<>();
    List<ConfigChange> onAll = new CopyOnWriteArrayList<>();
    List<ConfigChange> inGlobex = new CopyOnWriteArrayList<>();
    try (ConfigBackend.Subscription a = config.watch(ACME, "a.b", false, onA::add);
        ConfigBackend.Subscription all = config.watch(ACME, "", false, onAll::add);
        ConfigBackend.Subscription globex = config.watch(GLOBEX, "a.b", false, inGlobex::add)) {
      config.set(ACME, "a.b.c", "1", false); // under
      config.set(ACME, "a", "{\"x\":1}", false); // ancestor
      config.set(ACME, "a.bb", "1", false); // sibling with a shared text prefix
      config.set(ACME, "z", "1", false); // elsewhere
      config.delete(ACME, "a.b"); // at
      awaitSize(onAll, 5);
      awaitSize(onA, 3);
    }
    config.set(ACME, "a.b", "\"after close\"", false);
    letLateChangesArrive();

    assertThat(onA).extracting(c -> c.path().text()).containsExactly("a.b.c", "a", "a.b");
    assertThat(onA).extracting(ConfigChange::version).containsExactly(1L, 2L, 5L);
    assertThat(onA.get(2).operation()).isEqualTo(ConfigChange.Operation.DELETE);
    assertThat(ConfigValues.print(onA.get(0).value())).isEqualTo("1");
    assertThat(onAll).hasSize(5);
    assertThat(inGlobex).isEmpty();
  }

  @Test
  void watchersSeeSecretsMaskedUnlessTheyAskedForThem() {
    List<ConfigChange> masked = new CopyOnWriteArrayList<>();
    List<ConfigChange> revealed = new CopyOnWriteArrayList<>();
    try (ConfigBackend.Subscription m = config.watch(ACME, "db", false, masked::add);
        ConfigBackend.Subscription r = config.watch(ACME, "db", true, revealed::add)) {
      config.set(ACME, "db.password", "\"pw\"", true);
      awaitSize(masked, 1);
      awaitSize(revealed, 1);
    }

    assertThat(ConfigValues.print(masked.get(0).value())).isEqualTo("\"[secret]\"");
    assertThat(ConfigValues.print(revealed.get(0).value())).isEqualTo("\"pw\"");
  }

  @Test
  void aFailingWatcherIsDroppedWithoutFailingTheWrite() {
    List<ConfigChange> healthy = new CopyOnWriteArrayList<>();
    try (ConfigBackend.Subscription broken =
            config.watch(
                ACME,
                "",
                false,
                change -> {
                  throw new IllegalStateException("client went away");
                });
        ConfigBackend.Subscription fine = config.watch(ACME, "", false, healthy::add)) {
      assertThat(config.set(ACME, "a", "1", false)).isEqualTo(1);
      assertThat(config.set(ACME, "a", "2", false)).isEqualTo(2);
      awaitSize(healthy, 2);
    }
    assertThat(healthy).hasSize(2);
    assertThat(get(ACME, "a")).isEqualTo("2");
  }

  // ---- namespaces

  @Test
  void namespacesNeverMix() {
    config.set(ACME, "db.pool", "10", false);
    config.set(GLOBEX, "db.pool", "99", false);
    config.set(GLOBEX, "only.globex", "true", true);

    assertThat(get(ACME, "db.pool")).isEqualTo("10");
    assertThat(get(GLOBEX, "db.pool")).isEqualTo("99");
    assertNotFound(() -> config.get(ACME, "only.globex", 0, false), "only.globex");
    assertThat(ConfigValues.print(config.read(ACME, 0, true).value()))
        .isEqualTo("{\"db\":{\"pool\":10}}");
    assertThat(config.history(ACME, "db.pool", 0, false)).hasSize(1);
    config.delete(ACME, "db");
    assertThat(get(GLOBEX, "db.pool")).isEqualTo("99");
  }

  // ---- bad input

  @Test
  void malformedPathsAreInvalidArgumentNamingPath() {
    for (String path : List.of("", ".a", "a.", "a..b", "a b", "a.b$", "ü", "a/b")) {
      assertInvalid(() -> config.set(ACME, path, "1", false), "path");
      assertInvalid(() -> config.get(ACME, path, 0, false), "path");
    }
    assertInvalid(() -> config.set(ACME, "a".repeat(257), "1", false), "path is 257 characters");
    assertInvalid(() -> config.delete(ACME, "a..b"), "path 'a..b' has an empty segment");
    assertInvalid(() -> config.history(ACME, "", 0, false), "path is required");
    assertInvalid(() -> config.watch(ACME, "a..b", false, change -> {}), "path");
    assertInvalid(() -> config.set("", "a", "1", false), "namespace is required");
  }

  @Test
  void badValuesAreInvalidArgumentNamingValueAndLoseNothing() {
    config.set(ACME, "a", "{\"kept\":1}", false);

    assertInvalid(() -> config.set(ACME, "a", "{not json", false), "value is not valid JSON");
    assertInvalid(() -> config.set(ACME, "a", "1 2", false), "value is not valid JSON");
    assertInvalid(() -> config.set(ACME, "a", "{\"k\":1,\"k\":2}", false), "value");
    assertInvalid(() -> config.set(ACME, "a", "", false), "value is required");
    assertInvalid(
        () -> config.set(ACME, "a", "{\"x.y\":1}", false), "value has the key 'x.y' under path a");
    assertInvalid(() -> config.set(ACME, "a", "{\"ok\":{\"\":1}}", false), "value has the key ''");
    String large = "\"" + "x".repeat(ConfigValues.MAX_VALUE_BYTES) + "\"";
    assertInvalid(() -> config.set(ACME, "a", large, false), "value is 65538 bytes");

    assertThat(get(ACME, "a")).isEqualTo("{\"kept\":1}");
    assertThat(config.read(ACME, 0, false).version()).isEqualTo(1);
    assertThat(config.history(ACME, "a", 0, false)).hasSize(1);

    String largest = "\"" + "x".repeat(ConfigValues.MAX_VALUE_BYTES - 2) + "\"";
    config.set(ACME, "big", largest, false);
    assertThat(get(ACME, "big")).hasSize(ConfigValues.MAX_VALUE_BYTES);
  }

  @Test
  void valuesThatNestBeyondThePathLimitAreInvalidArgument() {
    StringBuilder deep = new StringBuilder("1");
    for (int i = 0; i < 200; i++) {
      deep.insert(0, "{\"k\":").append("}");
    }
    assertInvalid(() -> config.set(ACME, "a", deep.toString(), false), "value nests too deep");
  }

  // ---- restart

  @Test
  void configSecretsAndHistorySurviveARestart() {
    config.set(ACME, "db", "{\"pool\":5}", false);
    config.set(ACME, "db.password", "\"pw-after-restart\"", true);
    config.set(GLOBEX, "x", "1", false);

    config = reopen();

    assertThat(get(ACME, "db")).isEqualTo("{\"password\":\"[secret]\",\"pool\":5}");
    assertThat(ConfigValues.print(config.get(ACME, "db.password", 0, true).value()))
        .isEqualTo("\"pw-after-restart\"");
    assertThat(config.history(ACME, "db", 0, false)).hasSize(2);
    assertThat(getAt(ACME, "db", 1)).isEqualTo("{\"pool\":5}");
    assertThat(config.set(ACME, "db.pool", "6", false)).isEqualTo(3);
    assertThat(get(GLOBEX, "x")).isEqualTo("1");
  }

  // ---- helpers

  /**
   * Waits until {@code changes} holds {@code size} changes: a backend may deliver them to watchers
   * after the write returned (etcd does).
   */
  static void awaitSize(List<ConfigChange> changes, int size) {
    long deadline = System.nanoTime() + WATCH_WAIT.toNanos();
    while (changes.size() < size && System.nanoTime() < deadline) {
      sleep(50);
    }
    assertThat(changes)
        .as("changes seen by a watcher within " + WATCH_WAIT)
        .hasSizeGreaterThanOrEqualTo(size);
  }

  /** Gives a change a watcher should not see the time it would need to arrive anyway. */
  static void letLateChangesArrive() {
    sleep(QUIET.toMillis());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String get(String namespace, String path) {
    return ConfigValues.print(config.get(namespace, path, 0, false).value());
  }

  private String getAt(String namespace, String path, long version) {
    JsonNode value = config.get(namespace, path, version, false).value();
    return ConfigValues.print(value);
  }

  static void assertInvalid(Runnable call, String descriptionPart) {
    assertStatus(call, Status.Code.INVALID_ARGUMENT, descriptionPart);
  }

  static void assertNotFound(Runnable call, String descriptionPart) {
    assertStatus(call, Status.Code.NOT_FOUND, descriptionPart);
  }

  static void assertStatus(Runnable call, Status.Code code, String descriptionPart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(descriptionPart);
            });
  }
}
