package dev.aloft.server.gateway;

import com.google.protobuf.Descriptors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which gRPC method an HTTP path names, as in Micro: {@code /<service>/<method>} is the method of
 * the gRPC service named like the registered service ({@code /helloworld/call} -> {@code
 * Helloworld.Call}), or of its only gRPC service; {@code /<service>/<Service>/<Method>} names both
 * ({@code /helloworld/Helloworld/Call}). Names match ignoring case, {@code -} and {@code _} ({@code
 * /greeter/say-hello} -> {@code SayHello}).
 *
 * @param service the registered service, the first path segment
 * @param endpoint the rest of the path, one or two segments
 */
record EndpointPath(String service, List<String> endpoint) {

  /** The path of a request, or empty when it is not {@code /<service>/<one or two segments>}. */
  static Optional<EndpointPath> parse(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    if (segments.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(new EndpointPath(segments.get(0), segments.subList(1, segments.size())));
  }

  /** The endpoint as written, {@code call} or {@code Helloworld/Call}. */
  String written() {
    return String.join("/", endpoint);
  }

  /**
   * The gRPC method name the path gives by Micro's convention, before the service is asked: {@code
   * /helloworld/call} -> {@code Helloworld/Call}, {@code /helloworld/Greeter/hello} -> {@code
   * Greeter/Hello}.
   */
  String microStyleMethodName() {
    String grpcService = endpoint.size() == 1 ? service : endpoint.get(0);
    return capitalized(grpcService) + "/" + capitalized(endpoint.get(endpoint.size() - 1));
  }

  private static String capitalized(String name) {
    return name.isEmpty()
        ? name
        : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  /** The method the path names among the services, or empty. */
  Optional<Descriptors.MethodDescriptor> resolve(
      Map<String, Descriptors.ServiceDescriptor> services) {
    if (endpoint.size() > 2) {
      return Optional.empty();
    }
    String methodName = endpoint.get(endpoint.size() - 1);
    List<Descriptors.ServiceDescriptor> candidates = new ArrayList<>();
    if (endpoint.size() == 2) {
      services.values().stream()
          .filter(s -> sameName(s.getName(), endpoint.get(0)))
          .forEach(candidates::add);
    } else {
      services.values().stream()
          .filter(s -> sameName(s.getName(), service))
          .forEach(candidates::add);
      if (candidates.isEmpty() && services.size() == 1) {
        candidates.addAll(services.values());
      }
    }
    for (Descriptors.ServiceDescriptor candidate : candidates) {
      for (Descriptors.MethodDescriptor method : candidate.getMethods()) {
        if (sameName(method.getName(), methodName)) {
          return Optional.of(method);
        }
      }
    }
    return Optional.empty();
  }

  /** Every endpoint the services offer, {@code Service.Method}, for error messages. */
  static List<String> endpoints(Map<String, Descriptors.ServiceDescriptor> services) {
    List<String> all = new ArrayList<>();
    for (Descriptors.ServiceDescriptor service : services.values()) {
      for (Descriptors.MethodDescriptor method : service.getMethods()) {
        all.add(service.getName() + "." + method.getName());
      }
    }
    return all;
  }

  private static boolean sameName(String name, String written) {
    return normalized(name).equals(normalized(written));
  }

  private static String normalized(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }
}
