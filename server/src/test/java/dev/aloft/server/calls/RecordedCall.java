package dev.aloft.server.calls;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server side of one gRPC call as a handler sees it, recorded: the messages it sends, how it
 * ends, and the client's flow control and cancellation played by the test.
 */
public final class RecordedCall<T> extends ServerCallStreamObserver<T> {

  private final BlockingQueue<T> messages = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile Throwable error;
  private volatile boolean completed;
  private volatile boolean cancelled;
  private volatile boolean ready = true;
  private volatile Runnable onReady = () -> {};
  private volatile Runnable onCancel = () -> {};

  @Override
  public void onNext(T value) {
    if (cancelled) {
      throw Status.CANCELLED.withDescription("call already cancelled").asRuntimeException();
    }
    if (ended.getCount() == 0) {
      throw new IllegalStateException("onNext after the call ended");
    }
    messages.add(value);
  }

  @Override
  public void onError(Throwable t) {
    if (ended.getCount() == 0) {
      throw new IllegalStateException("onError after the call ended");
    }
    error = t;
    ended.countDown();
  }

  @Override
  public void onCompleted() {
    if (ended.getCount() == 0) {
      throw new IllegalStateException("onCompleted after the call ended");
    }
    completed = true;
    ended.countDown();
  }

  /** The next message sent, waiting up to {@code timeout}; null when none came. */
  public T next(Duration timeout) throws InterruptedException {
    return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The only message of a completed unary call. */
  public T single() {
    if (!completed || messages.size() != 1) {
      throw new AssertionError(
          "expected one message and completion, got "
              + messages.size()
              + " messages, completed="
              + completed
              + ", error="
              + error);
    }
    return messages.peek();
  }

  /** The status the call ended with: OK when completed, unknown when still running. */
  public Status status() {
    if (completed) {
      return Status.OK;
    }
    return error == null
        ? Status.UNKNOWN.withDescription("still running")
        : Status.fromThrowable(error);
  }

  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The client stops accepting messages, or accepts again (which runs the on-ready handler). */
  public void setReady(boolean value) {
    ready = value;
    if (value) {
      onReady.run();
    }
  }

  /** The client cancels the call. */
  public void cancel() {
    cancelled = true;
    onCancel.run();
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void setOnCancelHandler(Runnable handler) {
    onCancel = handler;
  }

  @Override
  public void setCompression(String compression) {}

  @Override
  public boolean isReady() {
    return ready;
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    onReady = handler;
  }

  @Override
  public void disableAutoInboundFlowControl() {}

  @Override
  public void request(int count) {}

  @Override
  public void setMessageCompression(boolean enable) {}
}
