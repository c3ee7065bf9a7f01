package dev.aloft.server.proxy;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Server reflection through the proxy: a reflection call carrying {@code aloft-service} is answered
 * by a node of that service (so clients fetch its descriptors through the server), authorized like
 * any proxied call; without it, this server's own reflection service answers.
 */
@GlobalInterceptor
@ApplicationScoped
public class ReflectionForwarding implements ServerInterceptor {

  static final Set<String> REFLECTION_SERVICES =
      Set.of("grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

  private final ServiceProxy proxy;

  @Inject
  public ReflectionForwarding(ServiceProxy proxy) {
    this.proxy = proxy;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String target = headers.get(TargetService.SERVICE);
    if (target == null
        || target.isBlank()
        || !REFLECTION_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    return proxy.forward(call, headers, call.getMethodDescriptor(), target.trim());
  }
}
