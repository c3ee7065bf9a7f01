package dev.aloft.server.auth;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Completes a unary call with what its body returns, or with the status it throws; a backend that
 * cannot be reached is UNAVAILABLE naming it; anything else is logged and answered INTERNAL without
 * a stack trace.
 */
final class UnaryCalls {

  private static final Logger LOG = Logger.getLogger(UnaryCalls.class);

  private UnaryCalls() {}

  static <T> void respond(StreamObserver<T> observer, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (BackendUnavailableException e) {
      LOG.warn(e.getMessage());
      observer.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      LOG.error("auth call failed", e);
      observer.onError(
          Status.INTERNAL
              .withDescription("internal error in the auth service; see the server log")
              .asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }
}
