package dev.aloft.sdk.config;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.GetRequest;
import dev.aloft.api.config.v1.Options;
import dev.aloft.api.config.v1.WatchRequest;
import dev.aloft.api.config.v1.WatchResponse;
import dev.aloft.sdk.AloftException;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The config of the service's namespace (docs/config.md), read as typed values: {@code
 * get("greeting.prefix", String.class)} turns the JSON at the path into the type (records and
 * classes by their fields, lists, maps, numbers, strings, booleans), and {@link #watch} hands a
 * listener the value again whenever it changes.
 */
public final class ServiceConfig implements AutoCloseable {

  private static final Logger LOG = System.getLogger(ServiceConfig.class.getName());
  private static final Gson GSON = new Gson();

  private final ConfigGrpc.ConfigBlockingStub config;
  private final CopyOnWriteArrayList<Watch> watches = new CopyOnWriteArrayList<>();

  public ServiceConfig(ConfigGrpc.ConfigBlockingStub config) {
    this.config = config;
  }

  /** The value at PATH as TYPE; empty when nothing is set there. */
  public <T> Optional<T> get(String path, Class<T> type) {
    return json(path, false).map(json -> convert(path, json, type));
  }

  /** The value at PATH as TYPE, or FALLBACK when nothing is set there. */
  public <T> T get(String path, Class<T> type, T fallback) {
    return get(path, type).orElse(fallback);
  }

  /** The value at PATH as a generic TYPE (e.g. from a Gson {@code TypeToken}). */
  public <T> Optional<T> get(String path, Type type) {
    return json(path, false).map(json -> convert(path, json, type));
  }

  /** A secret value at PATH, decrypted (docs/config.md: the rules decide who may ask). */
  public <T> Optional<T> getSecret(String path, Class<T> type) {
    return json(path, true).map(json -> convert(path, json, type));
  }

  /** The JSON text at PATH, as the platform stores it; empty when nothing is set there. */
  public Optional<String> json(String path) {
    return json(path, false);
  }

  /**
   * Calls LISTENER with the value at PATH as TYPE now (on this thread; empty when nothing is set)
   * and again, on a thread of its own, after every change that alters it (deleted: empty). The
   * watch outlives server restarts (it watches again and reports what changed meanwhile) and ends
   * when the returned handle or this config is closed.
   */
  public <T> AutoCloseable watch(String path, Class<T> type, Consumer<Optional<T>> listener) {
    Watch watch = new Watch(path, json -> listener.accept(json.map(j -> convert(path, j, type))));
    // The stream starts before the first read, so no change falls between the two.
    watch.open();
    try {
      watch.deliverIfChanged(json(path, false));
    } catch (RuntimeException e) {
      watch.close();
      throw e;
    }
    watches.add(watch);
    watch.start();
    return () -> {
      watches.remove(watch);
      watch.close();
    };
  }

  private Optional<String> json(String path, boolean secret) {
    try {
      return Optional.of(
          config
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .get(
                  GetRequest.newBuilder()
                      .setPath(path)
                      .setOptions(Options.newBuilder().setSecret(secret))
                      .build())
              .getValue()
              .getData());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw AloftException.of("config get '" + path + "'", e);
    }
  }

  private static <T> T convert(String path, String json, Type type) {
    try {
      T value = GSON.fromJson(json, type);
      if (value == null && !"null".equals(json.trim())) {
        throw new JsonParseException("no value");
      }
      return value;
    } catch (JsonParseException e) {
      throw new AloftException(
          Status.Code.INVALID_ARGUMENT,
          "config '" + path + "': " + json + " is not a " + type.getTypeName());
    }
  }

  @Override
  public void close() {
    for (Watch watch : watches) {
      watch.close();
    }
    watches.clear();
  }

  /** One watch: a thread following the Watch stream, watching again when it ends. */
  private final class Watch {
    private final String path;
    private final Consumer<Optional<String>> listener;
    private final Context.CancellableContext context = Context.current().withCancellation();
    private final Thread thread;
    private Optional<String> last;
    private volatile boolean closed;

    Watch(String path, Consumer<Optional<String>> listener) {
      this.path = path;
      this.listener = listener;
      this.thread = new Thread(this::follow, "aloft-config-watch-" + path);
      this.thread.setDaemon(true);
    }

    private Iterator<WatchResponse> changes;

    /** Starts the Watch call on the caller's thread. */
    void open() {
      Context previous = context.attach();
      try {
        changes = config.watch(WatchRequest.newBuilder().setPath(path).build());
      } finally {
        context.detach(previous);
      }
    }

    void start() {
      thread.start();
    }

    synchronized void deliverIfChanged(Optional<String> json) {
      if (last != null && last.equals(json)) {
        return;
      }
      last = json;
      listener.accept(json);
    }

    /** Delivers a change on the watch's thread, where a failing listener is only logged. */
    private void deliverLater(Optional<String> json) {
      try {
        deliverIfChanged(json);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "config listener of " + path + " failed", e);
      }
    }

    private void follow() {
      long backoff = 500;
      while (!closed) {
        try {
          if (changes == null) {
            open();
          }
          while (changes.hasNext()) {
            changes.next();
            backoff = 500;
            deliverLater(json(path, false));
          }
        } catch (Exception e) {
          if (closed) {
            return;
          }
          LOG.log(Level.DEBUG, "config watch of {0} ended: {1}", path, e.getMessage());
        }
        changes = null;
        if (closed) {
          return;
        }
        try {
          Thread.sleep(backoff);
          backoff = Math.min(backoff * 2, 10_000);
          // changes made while not watching
          deliverLater(json(path, false));
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, "config of {0} not readable yet: {1}", path, e.getMessage());
        }
      }
    }

    void close() {
      closed = true;
      context.cancel(null);
      thread.interrupt();
    }
  }
}
