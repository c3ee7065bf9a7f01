package dev.aloft.server.proxy;

import io.grpc.ServerCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The listener of an incoming call whose real listener is not there yet (it is being made on a
 * worker): holds the call's events, in order, and passes them on once it is {@link #deliverTo
 * given} the real one, and every later event straight to it.
 */
final class HeldListener<Q> extends ServerCall.Listener<Q> {

  private final List<Consumer<ServerCall.Listener<Q>>> held = new ArrayList<>();
  private ServerCall.Listener<Q> delegate;

  /** Passes the events held so far to LISTENER, then makes it the target of every later one. */
  void deliverTo(ServerCall.Listener<Q> listener) {
    while (true) {
      List<Consumer<ServerCall.Listener<Q>>> events;
      synchronized (this) {
        if (held.isEmpty()) {
          delegate = listener;
          return;
        }
        events = new ArrayList<>(held);
        held.clear();
      }
      events.forEach(event -> event.accept(listener));
    }
  }

  private void event(Consumer<ServerCall.Listener<Q>> event) {
    ServerCall.Listener<Q> target;
    synchronized (this) {
      if (delegate == null) {
        held.add(event);
        return;
      }
      target = delegate;
    }
    event.accept(target);
  }

  @Override
  public void onMessage(Q message) {
    event(listener -> listener.onMessage(message));
  }

  @Override
  public void onHalfClose() {
    event(ServerCall.Listener::onHalfClose);
  }

  @Override
  public void onCancel() {
    event(ServerCall.Listener::onCancel);
  }

  @Override
  public void onComplete() {
    event(ServerCall.Listener::onComplete);
  }

  @Override
  public void onReady() {
    event(ServerCall.Listener::onReady);
  }
}
