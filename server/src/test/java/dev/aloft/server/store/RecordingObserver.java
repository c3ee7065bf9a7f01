package dev.aloft.server.store;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/** Records what a handler sent, as a gRPC client would see it. */
final class RecordingObserver<T> implements StreamObserver<T> {

  final List<T> messages = new ArrayList<>();
  Throwable error;
  boolean completed;

  @Override
  public void onNext(T value) {
    messages.add(value);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
  }

  @Override
  public void onCompleted() {
    completed = true;
  }

  /** The only message, after a successful unary call. */
  T single() {
    if (error != null) {
      throw new AssertionError("call failed: " + error, error);
    }
    if (!completed || messages.size() != 1) {
      throw new AssertionError(
          "expected one message and completion, got " + messages + " completed=" + completed);
    }
    return messages.get(0);
  }

  /** The status the call failed with. */
  Status status() {
    if (!(error instanceof StatusRuntimeException status)) {
      throw new AssertionError("expected a status error, got " + error + " / " + messages);
    }
    return status.getStatus();
  }
}
