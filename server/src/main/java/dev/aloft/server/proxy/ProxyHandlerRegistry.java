package dev.aloft.server.proxy;

import io.grpc.HandlerRegistry;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The gRPC server's fallback: every method no service of this server implements is handled by the
 * {@link ServiceProxy}, its messages passed on as bytes, never decoded.
 */
@ApplicationScoped
public class ProxyHandlerRegistry extends HandlerRegistry {

  private final ServiceProxy proxy;

  @Inject
  public ProxyHandlerRegistry(ServiceProxy proxy) {
    this.proxy = proxy;
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String fullMethodName, String authority) {
    String grpcService = MethodDescriptor.extractFullServiceName(fullMethodName);
    if (grpcService == null || grpcService.isEmpty()) {
      return null;
    }
    MethodDescriptor<byte[], byte[]> method = RawBytes.method(fullMethodName);
    ServerCallHandler<byte[], byte[]> handler =
        (call, headers) ->
            proxy.forward(call, headers, method, TargetService.of(headers, grpcService));
    return ServerMethodDefinition.create(method, handler);
  }
}
