package dev.aloft.server.calls;

import dev.aloft.api.auth.v1.AccountsGrpc;
import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.RulesGrpc;
import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.events.v1.StreamGrpc;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.runtime.v1.RuntimeGrpc;
import dev.aloft.api.store.v1.StoreGrpc;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.internal.SerializingExecutor;
import io.quarkus.grpc.GlobalInterceptor;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs the calls of the platform's services, whose handlers block on their backends (auth,
 * accounts, rules, registry, config, store, events, runtime), on a worker thread, handing each call
 * over once.
 *
 * <p>Quarkus's {@code @Blocking} hands a call to a worker for its start, again for its request
 * message and again for its half-close, each an ordered {@code executeBlocking} with its answer
 * posted back to the event loop: of the 377 us between a client's publish and the events handler on
 * this 2-core machine, 250 us were those hand-offs (bench/RESULTS.md, 2026-12-07 19:30). Here the
 * event loop keeps the request until the client has sent all of it (the one message of a unary or
 * server-streaming call, then its half-close), then one worker task starts the call (so the tenancy
 * check, which may read a backend on a cache miss, runs there too) and replays what came, in order.
 * Later events of the call (ready, cancel) follow on the same call's serial queue of workers, never
 * two at once. The last one, complete (the call's answer is sent), runs on the event loop when that
 * queue is idle, as it nearly always is by then: no handler waits on it (none sets an on-complete
 * handler), and a worker woken for it alone was a third thread hand-off per call (bench/RESULTS.md,
 * 2026-12-08). This interceptor is the outermost ({@link #getPriority}).
 */
@GlobalInterceptor
@ApplicationScoped
public class WorkerHandOff implements ServerInterceptor, Prioritized {

  /** The services handed to workers; their handlers carry no {@code @Blocking}. */
  static final Set<String> SERVICES =
      Set.of(
          AuthGrpc.SERVICE_NAME,
          AccountsGrpc.SERVICE_NAME,
          RulesGrpc.SERVICE_NAME,
          RegistryGrpc.SERVICE_NAME,
          ConfigGrpc.SERVICE_NAME,
          StoreGrpc.SERVICE_NAME,
          StreamGrpc.SERVICE_NAME,
          RuntimeGrpc.SERVICE_NAME);

  private static final Logger LOG = Logger.getLogger(WorkerHandOff.class);

  private final Executor workers;

  public WorkerHandOff() {
    this(Infrastructure.getDefaultWorkerPool());
  }

  WorkerHandOff(Executor workers) {
    this.workers = workers;
  }

  /** Above every other interceptor's (the default is 0): called first, so it wraps them all. */
  @Override
  public int getPriority() {
    return 1000;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MethodType type = call.getMethodDescriptor().getType();
    if (!SERVICES.contains(call.getMethodDescriptor().getServiceName())
        || (type != MethodType.UNARY && type != MethodType.SERVER_STREAMING)) {
      return next.startCall(call, headers);
    }
    return new WholeRequest<>(call, headers, next, Context.current(), workers);
  }

  /**
   * Holds a call's events on the event loop until its request is complete, then starts the call and
   * replays them on a worker; forwards what comes after to the same serial queue.
   */
  private static final class WholeRequest<Q, R> extends ServerCall.Listener<Q> {
    private final ServerCall<Q, R> call;
    private final Metadata headers;
    private final ServerCallHandler<Q, R> next;
    private final Context context;
    private final Executor serial;

    /**
     * Events before the hand-off, null once handed off; touched by the transport's (serialized)
     * callbacks only, like {@link #dropped}.
     */
    private List<Consumer<ServerCall.Listener<Q>>> held = new ArrayList<>();

    /** Cancelled before its request was complete: the call never starts. */
    private boolean dropped;

    /**
     * The started call's listener; touched by the serial queue's tasks, and by an event run on the
     * transport's thread while that queue is idle ({@link #onComplete}).
     */
    private ServerCall.Listener<Q> started;

    /**
     * Tasks given to the serial queue and not yet finished. Only the transport's callbacks give it
     * tasks, so when they read 0 it stays 0 until they give another.
     */
    private final AtomicInteger queued = new AtomicInteger();

    WholeRequest(
        ServerCall<Q, R> call,
        Metadata headers,
        ServerCallHandler<Q, R> next,
        Context context,
        Executor workers) {
      this.call = call;
      this.headers = headers;
      this.next = next;
      this.context = context;
      this.serial = new SerializingExecutor(workers);
      // the request's message is read before the call starts (the call would ask for it there);
      // one more than a unary call takes, so that a second one reaches gRPC's own check
      call.request(2);
    }

    @Override
    public void onMessage(Q message) {
      event(listener -> listener.onMessage(message));
    }

    @Override
    public void onHalfClose() {
      event(ServerCall.Listener::onHalfClose);
      if (held != null) {
        handOff();
      }
    }

    @Override
    public void onReady() {
      event(ServerCall.Listener::onReady);
    }

    @Override
    public void onCancel() {
      if (held != null) {
        held = null;
        dropped = true;
        return;
      }
      event(ServerCall.Listener::onCancel);
    }

    @Override
    public void onComplete() {
      if (held == null && !dropped && queued.get() == 0) {
        // every earlier event has run: run this one here rather than wake a worker for it
        runHere(() -> started.onComplete());
        return;
      }
      event(ServerCall.Listener::onComplete);
    }

    private void event(Consumer<ServerCall.Listener<Q>> event) {
      if (dropped) {
        return;
      }
      if (held != null) {
        held.add(event);
      } else {
        run(() -> event.accept(started));
      }
    }

    private void handOff() {
      List<Consumer<ServerCall.Listener<Q>>> events = held;
      held = null;
      run(
          () -> {
            started = next.startCall(call, headers);
            events.forEach(event -> event.accept(started));
          });
    }

    private void run(Runnable task) {
      queued.incrementAndGet();
      serial.execute(
          () -> {
            try {
              runHere(task);
            } finally {
              queued.decrementAndGet();
            }
          });
    }

    /** Runs TASK on this thread in the call's context; a failure closes the call. */
    private void runHere(Runnable task) {
      try {
        context.run(task);
      } catch (RuntimeException e) {
        LOG.errorf(e, "%s failed", call.getMethodDescriptor().getFullMethodName());
        try {
          call.close(
              Status.INTERNAL.withDescription("the call failed; see the server log"),
              new Metadata());
        } catch (IllegalStateException alreadyClosed) {
          // the handler closed it before it failed
        }
      }
    }
  }
}
