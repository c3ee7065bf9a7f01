package dev.aloft.server.config;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a handler sent, as a gRPC client would see it, and can cancel the call as a client
 * that goes away does.
 */
final class RecordingCallObserver<T> extends ServerCallStreamObserver<T> {

  final List<T> messages = new CopyOnWriteArrayList<>();
  volatile Throwable error;
  volatile boolean completed;
  private volatile boolean cancelled;
  private volatile Runnable onCancel;

  /** Cancels the call from the client's side. */
  void cancel() {
    cancelled = true;
    if (onCancel != null) {
      onCancel.run();
    }
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

  @Override
  public void onNext(T value) {
    if (cancelled) {
      throw Status.CANCELLED.withDescription("call already cancelled").asRuntimeException();
    }
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

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void setOnCancelHandler(Runnable onCancelHandler) {
    this.onCancel = onCancelHandler;
  }

  @Override
  public void setCompression(String compression) {}

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public void setOnReadyHandler(Runnable onReadyHandler) {}

  @Override
  public void request(int count) {}

  @Override
  public void setMessageCompression(boolean enable) {}

  @Override
  public void disableAutoInboundFlowControl() {}
}
