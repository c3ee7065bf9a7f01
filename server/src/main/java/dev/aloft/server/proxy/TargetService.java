package dev.aloft.server.proxy;

import io.grpc.Metadata;
import java.util.Locale;

/**
 * Which registered service a proxied call is for: the {@code aloft-service} metadata entry when the
 * caller sends one, else the gRPC service's simple name lower-cased ({@code helloworld.Helloworld}
 * -> {@code helloworld}, {@code acme.orders.v1.Orders} -> {@code orders}), which is how services
 * register in Micro's convention.
 */
public final class TargetService {

  /** Names the registered service a call is for. */
  public static final Metadata.Key<String> SERVICE =
      Metadata.Key.of("aloft-service", Metadata.ASCII_STRING_MARSHALLER);

  private TargetService() {}

  /** The registered service for a call of {@code grpcService} with these headers. */
  public static String of(Metadata headers, String grpcService) {
    String named = headers.get(SERVICE);
    if (named != null && !named.isBlank()) {
      return named.trim();
    }
    return simpleName(grpcService).toLowerCase(Locale.ROOT);
  }

  /** {@code Helloworld} for {@code helloworld.Helloworld}. */
  public static String simpleName(String grpcService) {
    return grpcService.substring(grpcService.lastIndexOf('.') + 1);
  }
}
