package dev.aloft.server.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aloft.server.config.ConfigChange.Operation;
import dev.aloft.server.config.ConfigDocument.Leaf;
import dev.aloft.server.etcd.EtcdConnection;
import dev.aloft.server.etcd.EtcdWatch;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Config in etcd, under {@code <prefix>/config/<namespace>/}:
 *
 * <ul>
 *   <li>{@code latest}: the namespace's latest version (decimal text). Every change rewrites it in
 *       a transaction guarded by its mod revision, so changes of one namespace are serialized
 *       across servers, and a version is acknowledged only once everything it wrote is stored.
 *   <li>{@code values/<segment>}: the current leaves at and under the top-level path segment, one
 *       JSON object {@code {"<leaf path>": {"value": "<stored>", "secret": bool}}}. A change at a
 *       path touches only its top-level segment.
 *   <li>{@code changed/<path>}: the version of the last change made at that path (19 digits), so a
 *       current Get finds the version it reports (the highest at the path, at an ancestor or under
 *       it) in the same transaction that reads the value, without reading history.
 *   <li>{@code history/<segment>/<version, 19 digits>}: every change, {@code {"path", "operation",
 *       "value", "secret", "time"}}; reads at a version replay the changes of the segment (of all
 *       segments for Read) up to it, as the embedded backend does. Kept for ever; etcd revisions
 *       and compaction play no part in it.
 * </ul>
 *
 * <p>Changes of one namespace are group-committed by this server ({@link #change}): the waiting
 * ones are applied in order and written in one transaction guarded by {@code latest}.
 *
 * <p>Values are stored as {@link StoredValues} does for every backend (secrets encrypted with the
 * server's {@link SecretCipher}). Watches are etcd watches on the history prefix of the path's
 * segment (of the namespace for the root), re-established after an outage from the last revision
 * seen, so a watcher misses no change.
 */
public final class EtcdConfigBackend implements ConfigBackend {

  private static final Logger LOG = Logger.getLogger(EtcdConfigBackend.class);

  /** The most one segment's current values may take in etcd (etcd refuses requests > 1.5 MiB). */
  static final int MAX_SEGMENT_BYTES = 1024 * 1024;

  private static final int MAX_ATTEMPTS = 50;

  /**
   * The most changes committed in one transaction: each takes two writes (history, changed) and
   * each segment one, plus {@code latest}, within etcd's default of 128 operations per transaction.
   */
  static final int MAX_BATCH = 32;

  /** The deepest path whose Get reads its change index in the same transaction (128 ops). */
  private static final int MAX_INDEXED_DEPTH = 100;

  private final EtcdConnection etcd;
  private final StoredValues stored;
  private final Clock clock;
  private final Map<String, Committer> committers = new ConcurrentHashMap<>();

  public EtcdConfigBackend(EtcdConnection etcd, SecretCipher cipher, Clock clock) {
    this.etcd = etcd;
    this.stored = new StoredValues(cipher);
    this.clock = clock;
  }

  // ---- keys

  private ByteSequence latestKey(String namespace) {
    return etcd.key("config/" + namespace + "/latest");
  }

  private ByteSequence valuesKey(String namespace, String segment) {
    return etcd.key("config/" + namespace + "/values/" + segment);
  }

  private ByteSequence valuesPrefix(String namespace) {
    return etcd.key("config/" + namespace + "/values/");
  }

  private ByteSequence historyPrefix(String namespace, ConfigPath path) {
    return etcd.key(
        "config/" + namespace + "/history/" + (path.isRoot() ? "" : segmentOf(path) + "/"));
  }

  private ByteSequence historyKey(String namespace, ConfigPath path, long version) {
    return etcd.key(
        "config/"
            + namespace
            + "/history/"
            + segmentOf(path)
            + "/"
            + String.format(Locale.ROOT, "%019d", version));
  }

  /** The version of the last change made at {@code path} (19 digits, so text order is numeric). */
  private ByteSequence changedKey(String namespace, ConfigPath path) {
    return etcd.key("config/" + namespace + "/changed/" + path.text());
  }

  /** Every {@link #changedKey} of a path strictly under {@code path}. */
  private ByteSequence changedUnderPrefix(String namespace, ConfigPath path) {
    return etcd.key("config/" + namespace + "/changed/" + path.text() + ".");
  }

  private static String versionText(long version) {
    return String.format(Locale.ROOT, "%019d", version);
  }

  private static String segmentOf(ConfigPath path) {
    String text = path.text();
    int dot = text.indexOf('.');
    return dot < 0 ? text : text.substring(0, dot);
  }

  private static GetOption prefixed() {
    return GetOption.builder().isPrefix(true).build();
  }

  // ---- reads

  @Override
  public ConfigEntry get(String namespace, String path, long version, boolean revealSecrets) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parse(path, "path");
    ConfigRequests.requireVersion(version);
    List<ConfigPath> atAndAbove = new ArrayList<>(at.ancestors());
    atAndAbove.add(at);
    boolean indexed = version == 0 && atAndAbove.size() <= MAX_INDEXED_DEPTH;
    List<Op> reads = new ArrayList<>();
    reads.add(Op.get(latestKey(namespace), GetOption.DEFAULT));
    reads.add(Op.get(valuesKey(namespace, segmentOf(at)), GetOption.DEFAULT));
    if (indexed) {
      // the last change under the path (highest version first), then one at the path and at each
      // ancestor: the version a current Get reports, in the same read
      reads.add(
          Op.get(
              changedUnderPrefix(namespace, at),
              GetOption.builder()
                  .isPrefix(true)
                  .withSortField(GetOption.SortTarget.VALUE)
                  .withSortOrder(GetOption.SortOrder.DESCEND)
                  .withLimit(1)
                  .build()));
      for (ConfigPath each : atAndAbove) {
        reads.add(Op.get(changedKey(namespace, each), GetOption.DEFAULT));
      }
    }
    TxnResponse snapshot =
        etcd.await("config get", () -> etcd.kv().txn().Then(reads.toArray(Op[]::new)).commit());
    List<GetResponse> got = snapshot.getGetResponses();
    long latest = latestOf(got.get(0));
    ConfigRequests.requireExisting(namespace, version, latest);
    if (version == 0) {
      JsonNode value =
          new ConfigDocument(leavesOf(namespace, single(got.get(1)))).get(at, revealSecrets);
      if (value == null) {
        throw ConfigRequests.noValue(namespace, at, version);
      }
      long changedAt = 0;
      if (indexed) {
        for (GetResponse index : got.subList(2, got.size())) {
          KeyValue kv = single(index);
          if (kv != null) {
            changedAt = Math.max(changedAt, Long.parseLong(kv.getValue().toString(UTF_8)));
          }
        }
      }
      if (changedAt == 0) {
        // a value without an indexed change: written before the index existed (or a path too
        // deep for one read); its history says which change touched it last
        List<ConfigChange> changes =
            changesTouching(
                namespace, at, latest, snapshot.getHeader().getRevision(), "config get");
        changedAt = changes.isEmpty() ? 0 : changes.get(changes.size() - 1).version();
      }
      return new ConfigEntry(value, changedAt);
    }
    List<ConfigChange> changes =
        changesTouching(namespace, at, version, snapshot.getHeader().getRevision(), "config get");
    JsonNode value = ConfigDocument.replay(changes).get(at, revealSecrets);
    if (value == null) {
      throw ConfigRequests.noValue(namespace, at, version);
    }
    return new ConfigEntry(
        value, changes.isEmpty() ? 0 : changes.get(changes.size() - 1).version());
  }

  @Override
  public ConfigEntry read(String namespace, long version, boolean revealSecrets) {
    ConfigRequests.requireNamespace(namespace);
    ConfigRequests.requireVersion(version);
    TxnResponse snapshot =
        etcd.await(
            "config read",
            () ->
                etcd.kv()
                    .txn()
                    .Then(
                        Op.get(latestKey(namespace), GetOption.DEFAULT),
                        Op.get(valuesPrefix(namespace), prefixed()))
                    .commit());
    long latest = latestOf(snapshot.getGetResponses().get(0));
    ConfigRequests.requireExisting(namespace, version, latest);
    if (version == 0) {
      Map<ConfigPath, Leaf> leaves = new HashMap<>();
      for (KeyValue segment : snapshot.getGetResponses().get(1).getKvs()) {
        leaves.putAll(leavesOf(namespace, segment));
      }
      return new ConfigEntry(
          new ConfigDocument(leaves).get(ConfigPath.ROOT, revealSecrets), latest);
    }
    List<ConfigChange> changes =
        changesTouching(
            namespace, ConfigPath.ROOT, version, snapshot.getHeader().getRevision(), "config read");
    return new ConfigEntry(
        ConfigDocument.replay(changes).get(ConfigPath.ROOT, revealSecrets), version);
  }

  @Override
  public List<ConfigChange> history(
      String namespace, String path, int limit, boolean revealSecrets) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parse(path, "path");
    ConfigRequests.requireLimit(limit);
    List<ConfigChange> changes =
        changesTouching(namespace, at, Long.MAX_VALUE, 0, "config history");
    if (limit > 0 && changes.size() > limit) {
      changes = changes.subList(changes.size() - limit, changes.size());
    }
    return changes.stream().map(change -> change.rendered(revealSecrets)).toList();
  }

  /**
   * The changes touching {@code at} up to {@code maxVersion}, oldest first, read at etcd {@code
   * revision} (0: now).
   */
  private List<ConfigChange> changesTouching(
      String namespace, ConfigPath at, long maxVersion, long revision, String operation) {
    GetOption.Builder option = GetOption.builder().isPrefix(true);
    if (revision > 0) {
      option.withRevision(revision);
    }
    GetResponse response =
        etcd.await(operation, () -> etcd.kv().get(historyPrefix(namespace, at), option.build()));
    List<ConfigChange> changes = new ArrayList<>();
    for (KeyValue kv : response.getKvs()) {
      ConfigChange change = parseChange(namespace, kv);
      if (change.version() <= maxVersion && (at.isRoot() || at.isAffectedBy(change.path()))) {
        changes.add(change);
      }
    }
    changes.sort(Comparator.comparingLong(ConfigChange::version));
    return changes;
  }

  // ---- writes

  @Override
  public long set(String namespace, String path, String value, boolean secret) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parse(path, "path");
    JsonNode parsed = ConfigValues.parse(value, "value");
    return change(
        namespace, at, document -> document.set(at, parsed, secret), Operation.SET, parsed, secret);
  }

  @Override
  public long delete(String namespace, String path) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parse(path, "path");
    return change(
        namespace,
        at,
        document -> {
          if (!document.delete(at)) {
            throw ConfigRequests.nothingToDelete(namespace, at);
          }
        },
        Operation.DELETE,
        null,
        false);
  }

  /** A Set or Delete waiting for its namespace's committer. */
  private static final class Pending {
    final ConfigPath at;
    final Consumer<ConfigDocument> operation;
    final Operation kind;
    final JsonNode value;
    final boolean secret;
    final CompletableFuture<Long> version = new CompletableFuture<>();
    final CompletableFuture<Void> turnToCommit = new CompletableFuture<>();

    Pending(
        ConfigPath at,
        Consumer<ConfigDocument> operation,
        Operation kind,
        JsonNode value,
        boolean secret) {
      this.at = at;
      this.operation = operation;
      this.kind = kind;
      this.value = value;
      this.secret = secret;
    }
  }

  /** The changes of one namespace waiting to be committed, and whether a caller commits them. */
  private static final class Committer {
    final ArrayDeque<Pending> queue = new ArrayDeque<>();
    boolean committing;
  }

  /**
   * Commits a change. The changes of one namespace are sequenced in this server by group commit:
   * one caller at a time commits every change waiting (up to {@value #MAX_BATCH}) in one etcd
   * transaction, then hands the turn to a waiting caller; so concurrent writers of a namespace
   * share transactions instead of racing each other on {@code latest} and retrying. Changes made by
   * other servers still make a transaction fail its guard, and the batch is read and applied again.
   */
  private long change(
      String namespace,
      ConfigPath at,
      Consumer<ConfigDocument> operation,
      Operation kind,
      JsonNode value,
      boolean secret) {
    Pending pending = new Pending(at, operation, kind, value, secret);
    Committer committer = committers.computeIfAbsent(namespace, key -> new Committer());
    boolean commitNow;
    synchronized (committer) {
      committer.queue.add(pending);
      commitNow = !committer.committing;
      if (commitNow) {
        committer.committing = true;
      }
    }
    if (!commitNow) {
      try {
        CompletableFuture.anyOf(pending.version, pending.turnToCommit).join();
      } catch (CompletionException e) {
        // the change failed; its exception is thrown below
      }
    }
    if (!pending.version.isDone()) {
      commitUntilDone(namespace, committer, pending);
    }
    try {
      return pending.version.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Commits batches of the namespace until {@code own} is done, then passes the turn on. */
  private void commitUntilDone(String namespace, Committer committer, Pending own) {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      synchronized (committer) {
        if (own.version.isDone()) {
          Pending next = committer.queue.peek();
          if (next == null) {
            committer.committing = false;
          } else {
            next.turnToCommit.complete(null);
          }
          return;
        }
        while (batch.size() < MAX_BATCH && !committer.queue.isEmpty()) {
          batch.add(committer.queue.poll());
        }
      }
      try {
        commitBatch(namespace, batch);
      } catch (RuntimeException e) {
        batch.forEach(pending -> pending.version.completeExceptionally(e));
      } catch (Error e) {
        batch.forEach(pending -> pending.version.completeExceptionally(e));
        throw e;
      }
    }
  }

  /**
   * Applies the changes in order to the current values of their segments and writes them in one
   * transaction guarded by {@code latest}: the segments changed, a history entry and a {@code
   * changed/} entry per change, and {@code latest}. A change that cannot be made (nothing to
   * delete, a segment too large) fails alone and creates no version. Read and applied again when
   * another server changed the namespace meanwhile.
   */
  private void commitBatch(String namespace, List<Pending> batch) {
    String what =
        batch.size() == 1 && batch.get(0).kind == Operation.DELETE ? "config delete" : "config set";
    List<String> segments =
        batch.stream().map(pending -> segmentOf(pending.at)).distinct().toList();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      List<Op> reads = new ArrayList<>();
      reads.add(Op.get(latestKey(namespace), GetOption.DEFAULT));
      for (String segment : segments) {
        reads.add(Op.get(valuesKey(namespace, segment), GetOption.DEFAULT));
      }
      TxnResponse snapshot =
          etcd.await(what, () -> etcd.kv().txn().Then(reads.toArray(Op[]::new)).commit());
      KeyValue latestKv = single(snapshot.getGetResponses().get(0));
      long latest = latestOf(snapshot.getGetResponses().get(0));
      Map<String, Map<ConfigPath, StoredLeaf>> storedBefore = new HashMap<>();
      Map<String, Map<ConfigPath, Leaf>> leavesBefore = new HashMap<>();
      Map<String, ConfigDocument> documents = new HashMap<>();
      for (int i = 0; i < segments.size(); i++) {
        Map<ConfigPath, StoredLeaf> stored =
            storedLeavesOf(single(snapshot.getGetResponses().get(i + 1)));
        Map<ConfigPath, Leaf> leaves = new HashMap<>();
        stored.forEach((leafPath, leaf) -> leaves.put(leafPath, open(namespace, leafPath, leaf)));
        storedBefore.put(segments.get(i), stored);
        leavesBefore.put(segments.get(i), leaves);
        documents.put(segments.get(i), new ConfigDocument(leaves));
      }

      long version = latest;
      Instant now = clock.instant();
      Map<Pending, Long> made = new LinkedHashMap<>();
      Map<Pending, RuntimeException> refused = new HashMap<>();
      Map<String, byte[]> segmentWrites = new TreeMap<>();
      Map<String, Long> changedWrites = new TreeMap<>();
      List<Op> writes = new ArrayList<>();
      for (Pending pending : batch) {
        String segment = segmentOf(pending.at);
        ConfigDocument document = new ConfigDocument(documents.get(segment).leaves());
        byte[] segmentBytes;
        ObjectNode entry;
        try {
          pending.operation.accept(document);
          segmentBytes =
              segmentText(
                  namespace, storedBefore.get(segment), leavesBefore.get(segment), document);
          if (segmentBytes.length > MAX_SEGMENT_BYTES) {
            throw tooLarge(pending.at, segment, segmentBytes.length);
          }
          entry = historyEntry(namespace, pending, now);
        } catch (RuntimeException e) {
          refused.put(pending, e);
          continue;
        }
        version++;
        documents.put(segment, document);
        segmentWrites.put(segment, segmentBytes);
        changedWrites.put(pending.at.text(), version);
        made.put(pending, version);
        writes.add(
            Op.put(
                historyKey(namespace, pending.at, version),
                ByteSequence.from(ConfigValues.print(entry), UTF_8),
                PutOption.DEFAULT));
      }
      if (made.isEmpty()) {
        refused.forEach((pending, e) -> pending.version.completeExceptionally(e));
        return;
      }
      long newest = version;
      writes.add(
          Op.put(
              latestKey(namespace),
              ByteSequence.from(Long.toString(newest), UTF_8),
              PutOption.DEFAULT));
      segmentWrites.forEach(
          (segment, bytes) ->
              writes.add(
                  documents.get(segment).leaves().isEmpty()
                      ? Op.delete(valuesKey(namespace, segment), DeleteOption.DEFAULT)
                      : Op.put(
                          valuesKey(namespace, segment),
                          ByteSequence.from(bytes),
                          PutOption.DEFAULT)));
      changedWrites.forEach(
          (path, changedIn) ->
              writes.add(
                  Op.put(
                      changedKey(namespace, new ConfigPath(path)),
                      ByteSequence.from(versionText(changedIn), UTF_8),
                      PutOption.DEFAULT)));
      Cmp guard =
          latestKv == null
              ? new Cmp(latestKey(namespace), Cmp.Op.EQUAL, CmpTarget.version(0))
              : new Cmp(
                  latestKey(namespace),
                  Cmp.Op.EQUAL,
                  CmpTarget.modRevision(latestKv.getModRevision()));
      TxnResponse committed =
          etcd.await(
              what, () -> etcd.kv().txn().If(guard).Then(writes.toArray(Op[]::new)).commit());
      if (committed.isSucceeded()) {
        refused.forEach((pending, e) -> pending.version.completeExceptionally(e));
        made.forEach((pending, madeIn) -> pending.version.complete(madeIn));
        return;
      }
    }
    RuntimeException conflict =
        Status.ABORTED
            .withDescription(
                what
                    + " of "
                    + batch.get(0).at
                    + " kept conflicting with concurrent changes of namespace "
                    + namespace
                    + "; try again")
            .asRuntimeException();
    batch.forEach(pending -> pending.version.completeExceptionally(conflict));
  }

  /** The segment's key after a change: leaves unchanged keep their stored text (ciphertext). */
  private byte[] segmentText(
      String namespace,
      Map<ConfigPath, StoredLeaf> before,
      Map<ConfigPath, Leaf> beforeLeaves,
      ConfigDocument document) {
    ObjectNode after = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<ConfigPath, Leaf> leaf : document.leaves().entrySet()) {
      StoredLeaf kept = before.get(leaf.getKey());
      boolean unchanged =
          kept != null && Objects.equals(beforeLeaves.get(leaf.getKey()), leaf.getValue());
      String text =
          unchanged
              ? kept.stored()
              : stored.seal(
                  namespace, leaf.getKey(), leaf.getValue().value(), leaf.getValue().secret());
      after.set(
          leaf.getKey().text(),
          JsonNodeFactory.instance
              .objectNode()
              .put("value", text)
              .put("secret", leaf.getValue().secret()));
    }
    return ConfigValues.print(after).getBytes(UTF_8);
  }

  private static RuntimeException tooLarge(ConfigPath at, String segment, int bytes) {
    return Status.RESOURCE_EXHAUSTED
        .withDescription(
            "path "
                + at
                + ": the config under '"
                + segment
                + "' would take "
                + bytes
                + " bytes in etcd, more than the "
                + MAX_SEGMENT_BYTES
                + " one top-level name may hold; spread it over more top-level names")
        .asRuntimeException();
  }

  private ObjectNode historyEntry(String namespace, Pending pending, Instant now) {
    ObjectNode entry =
        JsonNodeFactory.instance
            .objectNode()
            .put("path", pending.at.text())
            .put("operation", pending.kind.name())
            .put("secret", pending.secret)
            .put("time", now.toEpochMilli());
    if (pending.value != null) {
      entry.put("value", stored.seal(namespace, pending.at, pending.value, pending.secret));
    } else {
      entry.putNull("value");
    }
    return entry;
  }

  // ---- watch

  @Override
  public Subscription watch(
      String namespace, String path, boolean revealSecrets, Consumer<ConfigChange> listener) {
    ConfigRequests.requireNamespace(namespace);
    ConfigPath at = ConfigPath.parseOrRoot(path, "path");
    long from = etcd.currentRevision() + 1;
    ConfigWatch watch = new ConfigWatch(namespace, at, revealSecrets, listener);
    watch.etcdWatch = etcd.watchPrefix(historyPrefix(namespace, at), from, watch::onEvents);
    return watch;
  }

  private final class ConfigWatch implements Subscription {
    final String namespace;
    final ConfigPath path;
    final boolean revealSecrets;
    final Consumer<ConfigChange> listener;
    volatile EtcdWatch etcdWatch;
    volatile boolean closed;

    ConfigWatch(
        String namespace, ConfigPath path, boolean revealSecrets, Consumer<ConfigChange> listener) {
      this.namespace = namespace;
      this.path = path;
      this.revealSecrets = revealSecrets;
      this.listener = listener;
    }

    void onEvents(List<WatchEvent> events) {
      for (WatchEvent event : events) {
        if (closed || event.getEventType() != WatchEvent.EventType.PUT) {
          continue;
        }
        ConfigChange change = parseChange(namespace, event.getKeyValue());
        if (!path.isRoot() && !path.isAffectedBy(change.path())) {
          continue;
        }
        try {
          listener.accept(change.rendered(revealSecrets));
        } catch (RuntimeException e) {
          LOG.debugf(e, "dropping a config watcher of namespace %s that failed", namespace);
          close();
          return;
        }
      }
    }

    @Override
    public void close() {
      closed = true;
      EtcdWatch running = etcdWatch;
      if (running != null) {
        running.close();
      }
    }
  }

  // ---- values

  /** A leaf as kept in a segment's key: its stored text (encrypted when secret). */
  private record StoredLeaf(String stored, boolean secret) {}

  private Leaf open(String namespace, ConfigPath path, StoredLeaf leaf) {
    return new Leaf(stored.unseal(namespace, path, leaf.stored(), leaf.secret()), leaf.secret());
  }

  private static KeyValue single(GetResponse response) {
    return response.getKvs().isEmpty() ? null : response.getKvs().get(0);
  }

  private static long latestOf(GetResponse response) {
    KeyValue kv = single(response);
    return kv == null ? 0 : Long.parseLong(kv.getValue().toString(UTF_8));
  }

  private static Map<ConfigPath, StoredLeaf> storedLeavesOf(KeyValue segment) {
    Map<ConfigPath, StoredLeaf> leaves = new TreeMap<>(Comparator.comparing(ConfigPath::text));
    if (segment == null) {
      return leaves;
    }
    JsonNode object = ConfigValues.parseStored(segment.getValue().toString(UTF_8));
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      leaves.put(
          new ConfigPath(field.getKey()),
          new StoredLeaf(
              field.getValue().get("value").asText(), field.getValue().get("secret").asBoolean()));
    }
    return leaves;
  }

  private Map<ConfigPath, Leaf> leavesOf(String namespace, KeyValue segment) {
    Map<ConfigPath, Leaf> leaves = new HashMap<>();
    storedLeavesOf(segment).forEach((path, leaf) -> leaves.put(path, open(namespace, path, leaf)));
    return leaves;
  }

  private ConfigChange parseChange(String namespace, KeyValue kv) {
    String key = etcd.relative(kv.getKey());
    long version = Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
    JsonNode entry = ConfigValues.parseStored(kv.getValue().toString(UTF_8));
    ConfigPath path = new ConfigPath(entry.get("path").asText());
    boolean secret = entry.get("secret").asBoolean();
    JsonNode stored = entry.get("value");
    JsonNode value =
        stored == null || stored.isNull()
            ? null
            : this.stored.unseal(namespace, path, stored.asText(), secret);
    return new ConfigChange(
        version,
        path,
        Operation.valueOf(entry.get("operation").asText()),
        value,
        secret,
        Instant.ofEpochMilli(entry.get("time").asLong()));
  }
}
