package dev.aloft.server.runtime;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Puts the address a runtime call came from into the gRPC context, so that the handler can tell a
 * caller on the server's own machine (a loopback address) from a remote one.
 */
@ApplicationScoped
public class CallerAddress implements ServerInterceptor {

  static final Context.Key<SocketAddress> KEY = Context.key("aloft.runtime.remote-address");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (remote == null) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(Context.current().withValue(KEY, remote), call, headers, next);
  }

  /** Whether the current call came over loopback; an unknown address counts as remote. */
  static boolean isLoopback() {
    SocketAddress remote = KEY.get();
    return remote instanceof InetSocketAddress inet
        && inet.getAddress() != null
        && inet.getAddress().isLoopbackAddress();
  }
}
