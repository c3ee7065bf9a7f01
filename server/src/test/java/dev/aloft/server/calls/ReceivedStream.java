package dev.aloft.server.calls;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a server-streaming call (Watch, Consume) over a real channel: the messages
 * that arrived, how the stream ended, and a way to cancel it as a client does.
 */
public final class ReceivedStream<T> implements ClientResponseObserver<Object, T> {

  /** How long a test waits for something that should arrive; generous, the machine is loaded. */
  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private final BlockingQueue<T> messages = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile Status endStatus;
  private volatile ClientCallStreamObserver<Object> call;

  @Override
  public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
    this.call = requestStream;
  }

  @Override
  public void onNext(T value) {
    messages.add(value);
  }

  @Override
  public void onError(Throwable t) {
    endStatus = Status.fromThrowable(t);
    ended.countDown();
  }

  @Override
  public void onCompleted() {
    endStatus = Status.OK;
    ended.countDown();
  }

  /** The next message; fails when none arrives within {@link #PATIENCE}. */
  public T next() throws InterruptedException {
    T message = messages.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError(
          "no message within "
              + PATIENCE
              + (endStatus == null ? "" : "; stream ended " + endStatus));
    }
    return message;
  }

  /**
   * The first message, once the server is surely streaming: runs {@code nudge} (something that
   * makes the server send a message) every second until one arrives. For streams that only carry
   * what happens after they started, whose start the client cannot observe otherwise.
   */
  public T firstAfter(Runnable nudge) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      nudge.run();
      T message = messages.poll(1, TimeUnit.SECONDS);
      if (message != null) {
        return message;
      }
      if (endStatus != null) {
        throw new AssertionError("stream ended " + endStatus + " before its first message");
      }
    }
    throw new AssertionError("no message within " + PATIENCE + " despite nudging");
  }

  /** Every message that already arrived, removed from the stream. */
  public List<T> drain() {
    List<T> drained = new ArrayList<>();
    messages.drainTo(drained);
    return drained;
  }

  /** How the stream ended; fails when it does not end within {@link #PATIENCE}. */
  public Status end() throws InterruptedException {
    if (!ended.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("stream still open after " + PATIENCE);
    }
    return endStatus;
  }

  /** Cancels the call as a client that is done listening. */
  public void cancel() {
    ClientCallStreamObserver<Object> running = call;
    if (running != null) {
      running.cancel("test done", null);
    }
  }
}
