package dev.aloft.server.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Removes expired store records in the background, every {@code aloft.store.expiry-sweep-seconds}
 * (default 60). Reads never return expired records whether or not the sweep has run.
 */
@Singleton
class StoreExpirySweeper {

  private static final Logger LOG = Logger.getLogger(StoreExpirySweeper.class);

  private final StoreBackend backend;
  private final long intervalSeconds;
  private ScheduledExecutorService scheduler;

  StoreExpirySweeper(
      StoreBackend backend,
      @ConfigProperty(name = "aloft.store.expiry-sweep-seconds", defaultValue = "60")
          long intervalSeconds) {
    this.backend = backend;
    this.intervalSeconds = intervalSeconds;
  }

  void start(@Observes StartupEvent event) {
    if (intervalSeconds < 1) {
      throw new IllegalArgumentException(
          "aloft.store.expiry-sweep-seconds must be at least 1, got " + intervalSeconds);
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "aloft-store-expiry");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::sweep, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  void sweep() {
    try {
      int removed = backend.deleteExpired();
      if (removed > 0) {
        LOG.debugf("removed %d expired store records", removed);
      }
    } catch (RuntimeException e) {
      LOG.warnf("store expiry sweep failed (will retry): %s", e.getMessage());
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
