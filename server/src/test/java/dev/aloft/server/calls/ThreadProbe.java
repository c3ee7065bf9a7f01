package dev.aloft.server.calls;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A global interceptor of the test server at the default priority, as the tenancy interceptor is:
 * for calls carrying {@link #HEADER} it records the method and the thread its call starts on.
 */
@GlobalInterceptor
@ApplicationScoped
public class ThreadProbe implements ServerInterceptor {

  public static final Metadata.Key<String> HEADER =
      Metadata.Key.of("aloft-test-thread-probe", Metadata.ASCII_STRING_MARSHALLER);

  private final List<String> started = new CopyOnWriteArrayList<>();

  /**
   * "method on thread" of each probed call since the last clear (a method: this is a CDI proxy).
   */
  public List<String> started() {
    return started;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (headers.containsKey(HEADER)) {
      started.add(
          call.getMethodDescriptor().getFullMethodName()
              + " on "
              + Thread.currentThread().getName());
    }
    return next.startCall(call, headers);
  }
}
