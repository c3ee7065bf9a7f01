package dev.aloft.server.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A prefix watch that outlives etcd outages. It remembers the revision after the last events it
 * delivered; when the stream fails or ends (etcd went away, a leader change, a compaction), it
 * drops that stream and opens a new one from that revision a second later, again until it works. So
 * every change is delivered exactly once and in order, unless etcd compacted it away meanwhile
 * (then the watch goes on from the oldest revision etcd still has, and says so in the log).
 */
public final class EtcdWatch implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EtcdWatch.class);
  private static final long RESTART_DELAY_MILLIS = 1000;

  private final Watch watchClient;
  private final ScheduledExecutorService restarts;
  private final ByteSequence prefix;
  private final Consumer<List<WatchEvent>> onEvents;

  private long nextRevision;
  private Stream current;
  private boolean closed;

  EtcdWatch(
      Watch watchClient,
      ScheduledExecutorService restarts,
      ByteSequence prefix,
      long fromRevision,
      Consumer<List<WatchEvent>> onEvents) {
    this.watchClient = watchClient;
    this.restarts = restarts;
    this.prefix = prefix;
    this.nextRevision = fromRevision;
    this.onEvents = onEvents;
  }

  synchronized void start() {
    if (closed) {
      return;
    }
    Stream stream = new Stream();
    current = stream;
    WatchOption option =
        WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(nextRevision).build();
    try {
      stream.watcher = watchClient.watch(prefix, option, stream);
    } catch (RuntimeException e) {
      LOG.debugf("cannot open an etcd watch yet: %s", e.getMessage());
      stream.retired = true;
      scheduleRestart();
    }
  }

  private void scheduleRestart() {
    try {
      restarts.schedule(this::start, RESTART_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the connection is closing: nothing to restart
    }
  }

  /** The revision from which a restarted stream would continue. */
  public synchronized long nextRevision() {
    return nextRevision;
  }

  @Override
  public void close() {
    Stream stream;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stream = current;
      current = null;
    }
    if (stream != null) {
      stream.retire();
    }
  }

  /** One jetcd watch stream; retired when it fails, replaced by a new one. */
  private final class Stream implements Watch.Listener {
    volatile Watch.Watcher watcher;
    boolean retired;

    @Override
    public void onNext(WatchResponse response) {
      synchronized (EtcdWatch.this) {
        if (retired || closed || response.getEvents().isEmpty()) {
          return;
        }
        List<WatchEvent> events = response.getEvents();
        long last = events.get(events.size() - 1).getKeyValue().getModRevision();
        if (last < nextRevision) {
          return; // already delivered by an earlier stream
        }
        nextRevision = last + 1;
        try {
          onEvents.accept(events);
        } catch (RuntimeException e) {
          LOG.errorf(e, "an etcd watch listener failed");
        }
      }
    }

    @Override
    public void onError(Throwable error) {
      synchronized (EtcdWatch.this) {
        if (retired || closed) {
          return;
        }
        if (error instanceof CompactedException compacted) {
          LOG.warnf(
              "etcd compacted revisions %d to %d before this watch of %s saw them; it goes on"
                  + " from %d",
              nextRevision,
              compacted.getCompactedRevision() - 1,
              prefix,
              compacted.getCompactedRevision());
          nextRevision = compacted.getCompactedRevision();
        } else {
          LOG.debugf(
              "etcd watch of %s broke (%s); re-establishing from revision %d",
              prefix, EtcdConnection.reason(error), nextRevision);
        }
      }
      replace();
    }

    @Override
    public void onCompleted() {
      synchronized (EtcdWatch.this) {
        if (retired || closed) {
          return;
        }
      }
      replace();
    }

    private void replace() {
      retire();
      scheduleRestart();
    }

    void retire() {
      Watch.Watcher toClose;
      synchronized (EtcdWatch.this) {
        if (retired) {
          return;
        }
        retired = true;
        toClose = watcher;
      }
      if (toClose != null) {
        // jetcd's close runs under its own lock, which it may hold while calling us: close later
        try {
          restarts.execute(() -> closeQuietly(toClose));
        } catch (RejectedExecutionException e) {
          closeQuietly(toClose);
        }
      }
    }
  }

  private static void closeQuietly(Watch.Watcher watcher) {
    try {
      watcher.close();
    } catch (RuntimeException e) {
      LOG.debugf("closing a broken etcd watch stream: %s", e.getMessage());
    }
  }
}
