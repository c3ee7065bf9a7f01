package dev.aloft.server.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.options.GetOption;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * The server's one etcd client, shared by the etcd backends: keys under the configured prefix, each
 * call bounded by the configured timeout, and every failure to reach etcd turned into UNAVAILABLE
 * naming etcd and its address. jetcd reconnects by itself when etcd comes back; watches made with
 * {@link #watchPrefix} are re-established from the last revision they delivered.
 */
public final class EtcdConnection implements AutoCloseable {

  private final EtcdSettings settings;
  private final Client client;
  private final ScheduledExecutorService watchRestarts;

  public EtcdConnection(EtcdSettings settings) {
    this.settings = settings;
    this.client = newClient(settings);
    this.watchRestarts =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "aloft-etcd-watch-restart");
              thread.setDaemon(true);
              return thread;
            });
  }

  private static Client newClient(EtcdSettings settings) {
    ClientBuilder builder =
        Client.builder()
            .endpoints(settings.endpoints().toArray(URI[]::new))
            // fail calls at once while etcd is away (they become UNAVAILABLE) instead of queueing
            // them until it returns; the channel keeps reconnecting in the background
            .waitForReady(false)
            .connectTimeout(settings.timeout())
            .retryMaxDuration(settings.timeout())
            .keepaliveTime(Duration.ofSeconds(10))
            .keepaliveTimeout(Duration.ofSeconds(5));
    if (settings.user().isPresent()) {
      builder
          .user(ByteSequence.from(settings.user().get(), UTF_8))
          .password(ByteSequence.from(settings.password().orElseThrow(), UTF_8));
    }
    if (settings.caFile().isPresent() || settings.certFile().isPresent()) {
      try {
        builder.sslContext(
            ssl -> {
              settings.caFile().ifPresent(ca -> ssl.trustManager(ca.toFile()));
              if (settings.certFile().isPresent()) {
                ssl.keyManager(
                    settings.certFile().get().toFile(), settings.keyFile().orElseThrow().toFile());
              }
            });
      } catch (SSLException e) {
        throw new IllegalArgumentException(
            "aloft.etcd.tls: cannot use the configured certificates: " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  public EtcdSettings settings() {
    return settings;
  }

  public KV kv() {
    return client.getKVClient();
  }

  public Lease lease() {
    return client.getLeaseClient();
  }

  /** The key {@code <prefix>/<relative>}. */
  public ByteSequence key(String relative) {
    return ByteSequence.from(settings.keyPrefix() + "/" + relative, UTF_8);
  }

  /** The part of {@code key} after {@code <prefix>/}. */
  public String relative(ByteSequence key) {
    return key.toString(UTF_8).substring(settings.keyPrefix().length() + 1);
  }

  /**
   * Waits for an etcd call; UNAVAILABLE naming etcd when it cannot be reached or does not answer
   * within the timeout, the jetcd exception itself for an answer that is an error.
   */
  public <T> T await(String operation, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> future = call.get();
    try {
      return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw Status.CANCELLED
          .withDescription(operation + " was interrupted while waiting for etcd")
          .asRuntimeException();
    } catch (TimeoutException e) {
      future.cancel(true);
      throw unavailable(operation, "no answer within " + settings.timeout().toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (isUnreachable(cause)) {
        throw unavailable(operation, reason(cause));
      }
      if (cause instanceof EtcdException etcd) {
        throw etcd;
      }
      throw Status.INTERNAL
          .withDescription(operation + " failed in etcd at " + address() + ": " + reason(cause))
          .withCause(cause)
          .asRuntimeException();
    }
  }

  /** The current revision of etcd's key space. */
  public long currentRevision() {
    return await(
            "reading etcd's revision",
            () -> kv().get(key(""), GetOption.builder().withCountOnly(true).build()))
        .getHeader()
        .getRevision();
  }

  /**
   * Watches every key under {@code prefix} from {@code fromRevision} on; {@code onEvents} gets the
   * events of each revision in order, with previous values. The watch survives etcd going away: it
   * is re-established from the revision after the last one delivered.
   */
  public EtcdWatch watchPrefix(
      ByteSequence prefix,
      long fromRevision,
      Consumer<List<io.etcd.jetcd.watch.WatchEvent>> onEvents) {
    EtcdWatch watch =
        new EtcdWatch(client.getWatchClient(), watchRestarts, prefix, fromRevision, onEvents);
    watch.start();
    return watch;
  }

  /**
   * Checks at start that etcd answers: a TCP connection to an endpoint, then a real read within the
   * timeout. Throws {@link EtcdUnreachableException} with one line naming the address and why.
   */
  public void checkReachable() {
    List<EtcdUnreachableException.Attempt> problems = new ArrayList<>();
    for (URI endpoint : settings.endpoints()) {
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(endpoint.getHost(), endpoint.getPort()),
            (int) settings.timeout().toMillis());
      } catch (IOException e) {
        problems.add(new EtcdUnreachableException.Attempt(endpoint.toString(), reason(e)));
        continue;
      }
      try {
        currentRevision();
        return;
      } catch (StatusRuntimeException | EtcdException e) {
        problems.add(new EtcdUnreachableException.Attempt(endpoint.toString(), describe(e)));
      }
    }
    throw new EtcdUnreachableException(problems);
  }

  private static String describe(RuntimeException e) {
    if (e instanceof StatusRuntimeException status && status.getStatus().getDescription() != null) {
      String description = status.getStatus().getDescription();
      int open = description.lastIndexOf('(');
      return open >= 0 && description.endsWith(")")
          ? description.substring(open + 1, description.length() - 1)
          : description;
    }
    return reason(e);
  }

  /** The endpoints, as configured. */
  public String address() {
    return settings.endpointsText();
  }

  /** UNAVAILABLE for an operation that could not reach etcd. */
  public StatusRuntimeException unavailable(String operation, String why) {
    return Status.UNAVAILABLE
        .withDescription(
            operation + " failed: etcd at " + address() + " is unavailable (" + why + ")")
        .asRuntimeException();
  }

  private static boolean isUnreachable(Throwable error) {
    if (error instanceof EtcdException etcd) {
      return switch (etcd.getErrorCode()) {
        case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ABORTED -> true;
        default -> hasCause(error, IOException.class);
      };
    }
    return hasCause(error, IOException.class) || error instanceof StatusRuntimeException;
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  /** A short, human reason: "connection refused", "unknown host", or the innermost message. */
  static String reason(Throwable error) {
    Throwable innermost = error;
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return "connection refused";
      }
      if (cause instanceof UnknownHostException) {
        return "unknown host";
      }
      if (cause instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (cause instanceof SocketTimeoutException) {
        return "connection timed out";
      }
      innermost = cause;
    }
    String message = innermost.getMessage();
    return message == null || message.isBlank() ? innermost.getClass().getSimpleName() : message;
  }

  @Override
  public void close() {
    watchRestarts.shutdownNow();
    client.close();
  }
}
