package dev.aloft.server.events;

import dev.aloft.api.events.v1.AckRequest;
import dev.aloft.api.events.v1.AckResponse;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import dev.aloft.api.events.v1.PublishRequest;
import dev.aloft.api.events.v1.PublishResponse;
import dev.aloft.api.events.v1.StreamGrpc;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The gRPC edge of the events service ({@code aloft.events.v1.Stream}): takes the namespace from
 * the verified caller, hands validated requests to the {@link EventsBackend} and maps its failures
 * to status codes (bad input INVALID_ARGUMENT naming the field, unknown group or event NOT_FOUND,
 * anything else INTERNAL without internals).
 */
@GrpcService
public class EventsHandler extends StreamGrpc.StreamImplBase {

  private static final Logger LOG = Logger.getLogger(EventsHandler.class);

  private final EventsBackend backend;

  @Inject
  public EventsHandler(EventsBackend backend) {
    this.backend = backend;
  }

  @Override
  public void publish(PublishRequest request, StreamObserver<PublishResponse> response) {
    try {
      Caller caller = Caller.current();
      Event event =
          backend.publish(
              caller.namespace(),
              request.getTopic(),
              request.getPayload(),
              request.getMetadataMap());
      response.onNext(PublishResponse.newBuilder().setEvent(event).build());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("publish", e));
    }
  }

  @Override
  public void consume(ConsumeRequest request, StreamObserver<Event> response) {
    ServerCallStreamObserver<Event> call = (ServerCallStreamObserver<Event>) response;
    try {
      Caller caller = Caller.current();
      ConsumeSettings settings = ConsumeSettings.from(request);
      CallSink sink = new CallSink(call);
      call.setOnReadyHandler(sink::readinessChanged);
      call.setOnCancelHandler(sink::cancelled);
      sink.consumer = backend.consume(caller.namespace(), settings, sink);
      if (sink.cancelled) {
        sink.consumer.close();
      }
    } catch (RuntimeException e) {
      call.onError(status("consume", e));
    }
  }

  @Override
  public void ack(AckRequest request, StreamObserver<AckResponse> response) {
    try {
      Caller caller = Caller.current();
      backend.ack(
          caller.namespace(),
          request.getTopic(),
          request.getGroup(),
          request.getId(),
          request.getNack());
      response.onNext(AckResponse.getDefaultInstance());
      response.onCompleted();
    } catch (RuntimeException e) {
      response.onError(status("ack", e));
    }
  }

  /** The status a caller sees for a failure: named fields for its mistakes, nothing internal. */
  static StatusRuntimeException status(String operation, RuntimeException e) {
    if (e instanceof StatusRuntimeException known) {
      return known;
    }
    if (e instanceof InvalidEventsRequestException invalid) {
      return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
    }
    if (e instanceof EventsNotFoundException notFound) {
      return Status.NOT_FOUND.withDescription(notFound.getMessage()).asRuntimeException();
    }
    LOG.errorf(e, "events %s failed", operation);
    return Status.INTERNAL
        .withDescription("events " + operation + " failed on the server; see the server log")
        .asRuntimeException();
  }

  /**
   * Hands a consumer's events to the gRPC call, waiting while the client is not ready for more
   * (gRPC flow control), so a slow client holds back its consumer instead of filling memory.
   */
  private static final class CallSink implements EventsBackend.EventSink {
    private final ServerCallStreamObserver<Event> call;
    volatile EventsBackend.Consumer consumer;
    volatile boolean cancelled;

    CallSink(ServerCallStreamObserver<Event> call) {
      this.call = call;
    }

    @Override
    public void deliver(Event event) throws InterruptedException {
      synchronized (this) {
        while (!call.isReady()) {
          if (cancelled) {
            throw new IllegalStateException("the consumer went away");
          }
          wait(1000);
        }
      }
      if (cancelled) {
        throw new IllegalStateException("the consumer went away");
      }
      call.onNext(event);
    }

    @Override
    public void failed(RuntimeException cause) {
      if (!cancelled) {
        call.onError(
            Status.UNAVAILABLE
                .withDescription("events backend failed; consume again to resume")
                .asRuntimeException());
      }
    }

    synchronized void readinessChanged() {
      notifyAll();
    }

    void cancelled() {
      cancelled = true;
      synchronized (this) {
        notifyAll();
      }
      EventsBackend.Consumer running = consumer;
      if (running != null) {
        running.close();
      }
    }
  }
}
