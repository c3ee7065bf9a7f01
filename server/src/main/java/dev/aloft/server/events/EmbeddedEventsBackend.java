package dev.aloft.server.events;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.aloft.api.events.v1.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The embedded events backend: an append-only log per namespace and topic in the server's H2
 * database, with each group's position and unacknowledged deliveries next to it, so events and
 * group positions survive a restart. Consumers run on a thread each; consumers of one group take
 * turns under the group's lock, which makes each claim (advance position, record delivery) atomic.
 *
 * <p>Tables (SQL that PostgreSQL also accepts): {@code events_log} (the events), {@code
 * events_groups} (next sequence per group), {@code events_unacked} (delivered, not yet acked:
 * delivery count and when to deliver again).
 */
public final class EmbeddedEventsBackend implements EventsBackend {

  private static final Logger LOG = Logger.getLogger(EmbeddedEventsBackend.class);
  private static final String EPHEMERAL_PREFIX = "_ephemeral-";

  private final DataSource dataSource;
  private final Clock clock;
  private final Map<TopicKey, TopicState> topics = new ConcurrentHashMap<>();
  private final Map<GroupKey, GroupState> groups = new ConcurrentHashMap<>();
  private final Set<RunningConsumer> consumers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Creates the tables when missing and forgets groups of consumers that ended with a crash. */
  public EmbeddedEventsBackend(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS events_log ("
              + " namespace VARCHAR(128) NOT NULL,"
              + " topic VARCHAR(200) NOT NULL,"
              + " seq BIGINT NOT NULL,"
              + " id VARCHAR(36) NOT NULL,"
              + " payload BYTEA NOT NULL,"
              + " metadata BYTEA NOT NULL,"
              + " published_at BIGINT NOT NULL,"
              + " PRIMARY KEY (namespace, topic, seq))");
      statement.execute(
          "CREATE UNIQUE INDEX IF NOT EXISTS events_log_by_id ON events_log (namespace, topic, id)");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS events_log_by_time"
              + " ON events_log (namespace, topic, published_at)");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS events_groups ("
              + " namespace VARCHAR(128) NOT NULL,"
              + " topic VARCHAR(200) NOT NULL,"
              + " group_name VARCHAR(64) NOT NULL,"
              + " next_seq BIGINT NOT NULL,"
              + " ephemeral BOOLEAN NOT NULL,"
              + " created_at BIGINT NOT NULL,"
              + " PRIMARY KEY (namespace, topic, group_name))");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS events_unacked ("
              + " namespace VARCHAR(128) NOT NULL,"
              + " topic VARCHAR(200) NOT NULL,"
              + " group_name VARCHAR(64) NOT NULL,"
              + " seq BIGINT NOT NULL,"
              + " deliveries INT NOT NULL,"
              + " redeliver_at BIGINT NOT NULL,"
              + " PRIMARY KEY (namespace, topic, group_name, seq))");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS events_unacked_by_due"
              + " ON events_unacked (namespace, topic, group_name, redeliver_at)");
      statement.execute(
          "DELETE FROM events_unacked u WHERE EXISTS (SELECT 1 FROM events_groups g"
              + " WHERE g.ephemeral AND g.namespace = u.namespace AND g.topic = u.topic"
              + " AND g.group_name = u.group_name)");
      statement.execute("DELETE FROM events_groups WHERE ephemeral");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the events tables: " + e.getMessage(), e);
    }
  }

  @Override
  public Event publish(
      String namespace, String topic, ByteString payload, Map<String, String> metadata) {
    requireOpen();
    EventsLimits.checkTopic(topic);
    EventsLimits.checkPayload(payload);
    EventsLimits.checkMetadata(metadata);
    TopicState topicState = topic(namespace, topic);
    Event event;
    synchronized (topicState) {
      long sequence = topicState.lastSequence + 1;
      long now = clock.millis();
      String id = UUID.randomUUID().toString();
      try (Connection connection = dataSource.getConnection();
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO events_log"
                      + " (namespace, topic, seq, id, payload, metadata, published_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, namespace);
        insert.setString(2, topic);
        insert.setLong(3, sequence);
        insert.setString(4, id);
        insert.setBytes(5, payload.toByteArray());
        insert.setBytes(6, encodeMetadata(metadata));
        insert.setLong(7, now);
        insert.executeUpdate();
      } catch (SQLException e) {
        throw failure("publish to " + topic, e);
      }
      topicState.lastSequence = sequence;
      event =
          Event.newBuilder()
              .setId(id)
              .setTopic(topic)
              .setPayload(payload)
              .putAllMetadata(metadata)
              .setTimestamp(timestamp(now))
              .setSequence(sequence)
              .build();
    }
    for (GroupState group : topicState.groups) {
      group.signal();
    }
    return event;
  }

  @Override
  public Consumer consume(String namespace, ConsumeSettings settings, EventSink sink) {
    requireOpen();
    String groupName = settings.group().orElse(EPHEMERAL_PREFIX + UUID.randomUUID());
    TopicState topicState = topic(namespace, settings.topic());
    GroupState group =
        groups.computeIfAbsent(
            new GroupKey(namespace, settings.topic(), groupName),
            key -> new GroupState(key, topicState));
    topicState.groups.add(group);
    group.join(settings);
    RunningConsumer consumer = new RunningConsumer(group, settings, sink);
    consumers.add(consumer);
    consumer.thread.start();
    return consumer;
  }

  @Override
  public void ack(String namespace, String topic, String group, String eventId, boolean nack) {
    requireOpen();
    EventsLimits.checkTopic(topic);
    EventsLimits.checkGroup(group);
    EventsLimits.checkEventId(eventId);
    TopicState topicState = topic(namespace, topic);
    GroupKey key = new GroupKey(namespace, topic, group);
    GroupState groupState = groups.get(key);
    if (groupState == null) {
      GroupState candidate = new GroupState(key, topicState);
      if (candidate.storedNextSequence().isEmpty()) {
        throw new EventsNotFoundException(
            "group", "no group '" + group + "' consumes topic " + topic + " in this namespace");
      }
      groupState = groups.computeIfAbsent(key, k -> candidate);
    }
    groupState.ack(eventId, nack);
  }

  @Override
  public void close() {
    closed = true;
    for (RunningConsumer consumer : consumers) {
      consumer.close();
    }
    for (RunningConsumer consumer : consumers) {
      consumer.awaitStop();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the events backend is closed");
    }
  }

  private TopicState topic(String namespace, String topic) {
    TopicKey key = new TopicKey(namespace, topic);
    TopicState state = topics.get(key);
    if (state != null) {
      return state;
    }
    long last;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT MAX(seq) FROM events_log WHERE namespace = ? AND topic = ?")) {
      select.setString(1, namespace);
      select.setString(2, topic);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        last = rows.getLong(1);
      }
    } catch (SQLException e) {
      throw failure("read topic " + topic, e);
    }
    return topics.computeIfAbsent(key, k -> new TopicState(last));
  }

  private static IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException(
        "events database failed to " + what + ": " + e.getMessage(), e);
  }

  private static Timestamp timestamp(long epochMillis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochMillis, 1000))
        .setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000)
        .build();
  }

  private static byte[] encodeMetadata(Map<String, String> metadata) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(metadata.size());
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        out.writeUTF(entry.getKey());
        out.writeUTF(entry.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Map<String, String> decodeMetadata(byte[] encoded) {
    Map<String, String> metadata = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int size = in.readInt();
      for (int i = 0; i < size; i++) {
        metadata.put(in.readUTF(), in.readUTF());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return metadata;
  }

  private record TopicKey(String namespace, String topic) {}

  private record GroupKey(String namespace, String topic, String group) {}

  /** The last sequence of a topic (guarded by the state's monitor) and its groups to wake. */
  private static final class TopicState {
    volatile long lastSequence;
    final Set<GroupState> groups = new CopyOnWriteArraySet<>();

    TopicState(long lastSequence) {
      this.lastSequence = lastSequence;
    }
  }

  /**
   * An event claimed for delivery (with its delivery count for the group set); fresh when it is the
   * group's first delivery of it, which moved the group's position.
   */
  private record Claim(Event event, long sequence, boolean fresh) {}

  /** One group: its lock, the condition consumers wait on, and its cached position. */
  private final class GroupState {
    final GroupKey key;
    final TopicState topic;
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    long nextSequence = -1;
    OptionalInt retryLimit = OptionalInt.empty();
    long ackWaitMillis = EventsLimits.DEFAULT_ACK_WAIT.toMillis();

    GroupState(GroupKey key, TopicState topic) {
      this.key = key;
      this.topic = topic;
    }

    void signal() {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** Creates the group at its start position if new, and takes over the consumer's settings. */
    void join(ConsumeSettings settings) {
      lock.lock();
      try {
        retryLimit = settings.retryLimit();
        ackWaitMillis = settings.ackWait().toMillis();
        Optional<Long> stored = storedNextSequence();
        if (stored.isPresent()) {
          nextSequence = stored.get();
          return;
        }
        nextSequence = startSequence(settings.start());
        try (Connection connection = dataSource.getConnection();
            PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO events_groups"
                        + " (namespace, topic, group_name, next_seq, ephemeral, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
          bindGroup(insert);
          insert.setLong(4, nextSequence);
          insert.setBoolean(5, settings.group().isEmpty());
          insert.setLong(6, clock.millis());
          insert.executeUpdate();
        } catch (SQLException e) {
          throw failure("create group " + key.group(), e);
        }
      } finally {
        lock.unlock();
      }
    }

    private Optional<Long> storedNextSequence() {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement select =
              connection.prepareStatement(
                  "SELECT next_seq FROM events_groups"
                      + " WHERE namespace = ? AND topic = ? AND group_name = ?")) {
        bindGroup(select);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw failure("read group " + key.group(), e);
      }
    }

    private long startSequence(ConsumeSettings.Start start) {
      long afterLast = topic.lastSequence + 1;
      if (start instanceof ConsumeSettings.AtSequence at) {
        return at.sequence();
      }
      if (start instanceof ConsumeSettings.AtTime at) {
        try (Connection connection = dataSource.getConnection();
            PreparedStatement select =
                connection.prepareStatement(
                    "SELECT MIN(seq) FROM events_log"
                        + " WHERE namespace = ? AND topic = ? AND published_at >= ?")) {
          select.setString(1, key.namespace());
          select.setString(2, key.topic());
          select.setLong(3, at.time().toEpochMilli());
          try (ResultSet rows = select.executeQuery()) {
            rows.next();
            long first = rows.getLong(1);
            return rows.wasNull() ? afterLast : first;
          }
        } catch (SQLException e) {
          throw failure("find the start of group " + key.group(), e);
        }
      }
      return afterLast;
    }

    /**
     * Claims the next event for a consumer of this group, waiting while there is none; null when
     * the consumer was closed meanwhile.
     */
    Claim next(RunningConsumer consumer) throws InterruptedException {
      lock.lock();
      try {
        while (!consumer.closed) {
          long now = clock.millis();
          long wait;
          try (Connection connection = dataSource.getConnection()) {
            Claim claim = claimInTransaction(connection, now);
            if (claim != null) {
              if (claim.fresh()) {
                nextSequence = claim.sequence() + 1;
              }
              return claim;
            }
            wait = millisUntilNextDue(connection, now);
          } catch (SQLException e) {
            throw failure("deliver to group " + key.group(), e);
          }
          if (wait < 0) {
            changed.await();
          } else {
            changed.await(Math.max(wait, 1), TimeUnit.MILLISECONDS);
          }
        }
        return null;
      } finally {
        lock.unlock();
      }
    }

    private Claim claimInTransaction(Connection connection, long now) throws SQLException {
      connection.setAutoCommit(false);
      try {
        Claim claim = claimDue(connection, now);
        if (claim == null) {
          claim = claimNew(connection, now);
        }
        connection.commit();
        return claim;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }

    /** An unacknowledged event due again, within the retry limit; drops those beyond it. */
    private Claim claimDue(Connection connection, long now) throws SQLException {
      while (true) {
        long sequence;
        int deliveries;
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT seq, deliveries FROM events_unacked"
                    + " WHERE namespace = ? AND topic = ? AND group_name = ? AND redeliver_at <= ?"
                    + " ORDER BY redeliver_at, seq LIMIT 1")) {
          bindGroup(select);
          select.setLong(4, now);
          try (ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
              return null;
            }
            sequence = rows.getLong(1);
            deliveries = rows.getInt(2);
          }
        }
        if (retryLimit.isPresent() && deliveries > retryLimit.getAsInt()) {
          deleteUnacked(connection, sequence);
          LOG.warnf(
              "event %d of topic %s in namespace %s dropped by group %s after %d deliveries"
                  + " (retry limit %d)",
              sequence,
              key.topic(),
              key.namespace(),
              key.group(),
              deliveries,
              retryLimit.getAsInt());
          continue;
        }
        try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE events_unacked SET deliveries = ?, redeliver_at = ?"
                    + " WHERE namespace = ? AND topic = ? AND group_name = ? AND seq = ?")) {
          update.setInt(1, deliveries + 1);
          update.setLong(2, now + ackWaitMillis);
          update.setString(3, key.namespace());
          update.setString(4, key.topic());
          update.setString(5, key.group());
          update.setLong(6, sequence);
          update.executeUpdate();
        }
        Event event = load(connection, sequence);
        if (event == null) {
          deleteUnacked(connection, sequence);
          continue;
        }
        return new Claim(event.toBuilder().setDeliveries(deliveries + 1).build(), sequence, false);
      }
    }

    /** The next event the group has not seen, unless the group is at its unacked limit. */
    private Claim claimNew(Connection connection, long now) throws SQLException {
      if (nextSequence > topic.lastSequence || unackedCount(connection) >= maxUnacked()) {
        return null;
      }
      Event event;
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT seq, id, payload, metadata, published_at FROM events_log"
                  + " WHERE namespace = ? AND topic = ? AND seq >= ? ORDER BY seq LIMIT 1")) {
        select.setString(1, key.namespace());
        select.setString(2, key.topic());
        select.setLong(3, nextSequence);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return null;
          }
          event = event(rows);
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO events_unacked"
                  + " (namespace, topic, group_name, seq, deliveries, redeliver_at)"
                  + " VALUES (?, ?, ?, ?, 1, ?)")) {
        bindGroup(insert);
        insert.setLong(4, event.getSequence());
        insert.setLong(5, now + ackWaitMillis);
        insert.executeUpdate();
      }
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE events_groups SET next_seq = ?"
                  + " WHERE namespace = ? AND topic = ? AND group_name = ?")) {
        update.setLong(1, event.getSequence() + 1);
        update.setString(2, key.namespace());
        update.setString(3, key.topic());
        update.setString(4, key.group());
        update.executeUpdate();
      }
      return new Claim(event.toBuilder().setDeliveries(1).build(), event.getSequence(), true);
    }

    private int maxUnacked() {
      return EventsLimits.MAX_UNACKED_PER_GROUP;
    }

    private int unackedCount(Connection connection) throws SQLException {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT COUNT(*) FROM events_unacked"
                  + " WHERE namespace = ? AND topic = ? AND group_name = ?")) {
        bindGroup(select);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          return rows.getInt(1);
        }
      }
    }

    /** Milliseconds until the earliest unacked event is due again; -1 when none is waiting. */
    private long millisUntilNextDue(Connection connection, long now) throws SQLException {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT MIN(redeliver_at) FROM events_unacked"
                  + " WHERE namespace = ? AND topic = ? AND group_name = ?")) {
        bindGroup(select);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          long due = rows.getLong(1);
          return rows.wasNull() ? -1 : Math.max(0, due - now);
        }
      }
    }

    /** The consumer has the event: for auto-ack, the group is done with it. */
    void delivered(Claim claim, boolean autoAck) {
      if (!autoAck) {
        return;
      }
      lock.lock();
      try (Connection connection = dataSource.getConnection()) {
        deleteUnacked(connection, claim.sequence());
        changed.signalAll();
      } catch (SQLException e) {
        throw failure("acknowledge for group " + key.group(), e);
      } finally {
        lock.unlock();
      }
    }

    /** The consumer could not take the event: it is due again now. */
    void returned(Claim claim) {
      lock.lock();
      try (Connection connection = dataSource.getConnection()) {
        redeliverNow(connection, claim.sequence());
        changed.signalAll();
      } catch (SQLException e) {
        LOG.warnf("could not return event %d to group %s: %s", claim.sequence(), key, e);
      } finally {
        lock.unlock();
      }
    }

    void ack(String eventId, boolean nack) {
      lock.lock();
      try (Connection connection = dataSource.getConnection()) {
        if (storedNextSequence().isEmpty()) {
          throw new EventsNotFoundException(
              "group",
              "no group '"
                  + key.group()
                  + "' consumes topic "
                  + key.topic()
                  + " in this namespace");
        }
        long sequence;
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT seq FROM events_log WHERE namespace = ? AND topic = ? AND id = ?")) {
          select.setString(1, key.namespace());
          select.setString(2, key.topic());
          select.setString(3, eventId);
          try (ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
              throw new EventsNotFoundException(
                  "id", "no event " + eventId + " in topic " + key.topic());
            }
            sequence = rows.getLong(1);
          }
        }
        if (nack) {
          redeliverNow(connection, sequence);
        } else {
          deleteUnacked(connection, sequence);
        }
        changed.signalAll();
      } catch (SQLException e) {
        throw failure("acknowledge for group " + key.group(), e);
      } finally {
        lock.unlock();
      }
    }

    /** Removes an ephemeral group with its unacked deliveries when its consumer ends. */
    void dropIfEphemeral(ConsumeSettings settings) {
      if (settings.group().isPresent()) {
        return;
      }
      lock.lock();
      try (Connection connection = dataSource.getConnection();
          PreparedStatement unacked =
              connection.prepareStatement(
                  "DELETE FROM events_unacked"
                      + " WHERE namespace = ? AND topic = ? AND group_name = ?");
          PreparedStatement group =
              connection.prepareStatement(
                  "DELETE FROM events_groups"
                      + " WHERE namespace = ? AND topic = ? AND group_name = ?")) {
        bindGroup(unacked);
        unacked.executeUpdate();
        bindGroup(group);
        group.executeUpdate();
      } catch (SQLException e) {
        LOG.warnf("could not remove ephemeral group %s: %s", key, e);
      } finally {
        lock.unlock();
      }
      groups.remove(key);
      topic.groups.remove(this);
    }

    private void redeliverNow(Connection connection, long sequence) throws SQLException {
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE events_unacked SET redeliver_at = ?"
                  + " WHERE namespace = ? AND topic = ? AND group_name = ? AND seq = ?")) {
        update.setLong(1, clock.millis());
        update.setString(2, key.namespace());
        update.setString(3, key.topic());
        update.setString(4, key.group());
        update.setLong(5, sequence);
        update.executeUpdate();
      }
    }

    private void deleteUnacked(Connection connection, long sequence) throws SQLException {
      try (PreparedStatement delete =
          connection.prepareStatement(
              "DELETE FROM events_unacked"
                  + " WHERE namespace = ? AND topic = ? AND group_name = ? AND seq = ?")) {
        bindGroup(delete);
        delete.setLong(4, sequence);
        delete.executeUpdate();
      }
    }

    private Event load(Connection connection, long sequence) throws SQLException {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT seq, id, payload, metadata, published_at FROM events_log"
                  + " WHERE namespace = ? AND topic = ? AND seq = ?")) {
        select.setString(1, key.namespace());
        select.setString(2, key.topic());
        select.setLong(3, sequence);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? event(rows) : null;
        }
      }
    }

    private Event event(ResultSet rows) throws SQLException {
      return Event.newBuilder()
          .setSequence(rows.getLong("seq"))
          .setId(rows.getString("id"))
          .setTopic(key.topic())
          .setPayload(ByteString.copyFrom(rows.getBytes("payload")))
          .putAllMetadata(decodeMetadata(rows.getBytes("metadata")))
          .setTimestamp(timestamp(rows.getLong("published_at")))
          .build();
    }

    private void bindGroup(PreparedStatement statement) throws SQLException {
      statement.setString(1, key.namespace());
      statement.setString(2, key.topic());
      statement.setString(3, key.group());
    }
  }

  /** One consumer: a thread that claims the group's events and hands them to the sink. */
  private final class RunningConsumer implements Consumer {
    final GroupState group;
    final ConsumeSettings settings;
    final EventSink sink;
    final Thread thread;
    volatile boolean closed;

    RunningConsumer(GroupState group, ConsumeSettings settings, EventSink sink) {
      this.group = group;
      this.settings = settings;
      this.sink = sink;
      this.thread = new Thread(this::run, "aloft-events-" + group.key.topic());
      this.thread.setDaemon(true);
    }

    private void run() {
      try {
        while (!closed) {
          Claim claim = group.next(this);
          if (claim == null) {
            break;
          }
          try {
            sink.deliver(claim.event());
          } catch (Exception e) {
            group.returned(claim);
            if (!closed) {
              LOG.debugf("consumer of %s stopped: %s", group.key, e);
            }
            break;
          }
          group.delivered(claim, settings.autoAck());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.errorf(e, "consumer of %s failed", group.key);
          sink.failed(e);
        }
      } finally {
        closed = true;
        consumers.remove(this);
        group.dropIfEphemeral(settings);
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      group.signal();
    }

    void awaitStop() {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
