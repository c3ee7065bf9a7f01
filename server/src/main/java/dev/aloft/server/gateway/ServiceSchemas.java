package dev.aloft.server.gateway;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import dev.aloft.api.reflection.ReflectedFiles;
import dev.aloft.server.calls.NonBlocking;
import dev.aloft.server.proxy.NodeChannels;
import dev.aloft.server.proxy.ServiceNode;
import dev.aloft.server.proxy.ServiceNodes;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gRPC services a registered service offers, as its own nodes describe them by server
 * reflection: fetched from the first node that answers, cached per namespace, service and set of
 * registered versions (a new version fetches again), and re-fetched after {@code
 * aloft.gateway.descriptor-cache-ttl} so a service re-registered under the same version with a
 * changed contract is seen.
 */
@ApplicationScoped
public class ServiceSchemas {

  private record Key(String namespace, String service, String versions) {}

  private record Entry(Schema schema, long loadedAtNanos) {}

  /**
   * The gRPC services of a registered service (by full name), and each method as a client calls it
   * with dynamic messages, made once per method and kept as long as these descriptors are.
   */
  public static final class Schema {
    private final Map<String, Descriptors.ServiceDescriptor> services;
    private final Map<
            Descriptors.MethodDescriptor, MethodDescriptor<DynamicMessage, DynamicMessage>>
        calls = new ConcurrentHashMap<>();

    Schema(Map<String, Descriptors.ServiceDescriptor> services) {
      this.services = services;
    }

    public Map<String, Descriptors.ServiceDescriptor> services() {
      return services;
    }

    /** The method as a dynamic client call, for a method of these services. */
    MethodDescriptor<DynamicMessage, DynamicMessage> call(Descriptors.MethodDescriptor method) {
      return calls.computeIfAbsent(method, DynamicMessageMarshaller::method);
    }
  }

  private static final Duration REFLECTION_TIMEOUT = Duration.ofSeconds(10);

  private final NodeChannels channels;
  private final ServiceNodes serviceNodes;
  private final long ttlNanos;
  private final Map<Key, Entry> cache = new ConcurrentHashMap<>();

  @Inject
  public ServiceSchemas(
      NodeChannels channels,
      ServiceNodes serviceNodes,
      @ConfigProperty(name = "aloft.gateway.descriptor-cache-ttl", defaultValue = "60S")
          Duration ttl) {
    this.channels = channels;
    this.serviceNodes = serviceNodes;
    this.ttlNanos = ttl.toNanos();
  }

  /**
   * The gRPC services (by full name) of the registered service whose nodes are given, in the order
   * to try them.
   *
   * @throws StatusRuntimeException UNAVAILABLE when no node answers, or the reflection failure
   */
  public Schema services(String namespace, List<ServiceNode> nodes) {
    String service = nodes.get(0).service();
    Key key = new Key(namespace, service, versions(nodes));
    long now = System.nanoTime();
    Entry cached = cache.get(key);
    if (cached != null && now - cached.loadedAtNanos() < ttlNanos) {
      return cached.schema();
    }
    NonBlocking.beforeBlocking();
    List<String> failures = new ArrayList<>();
    for (ServiceNode node : nodes) {
      try {
        Map<String, Descriptors.ServiceDescriptor> services =
            ReflectedFiles.services(channels.channel(node.address()), REFLECTION_TIMEOUT);
        serviceNodes.answered(node);
        Schema schema = new Schema(services);
        cache.put(key, new Entry(schema, System.nanoTime()));
        return schema;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
          serviceNodes.failed(node);
          failures.add(node.address() + " (" + e.getStatus().getDescription() + ")");
          continue;
        }
        if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
          throw Status.FAILED_PRECONDITION
              .withDescription(
                  "service '"
                      + service
                      + "' does not offer gRPC server reflection (grpc.reflection.v1), which the"
                      + " gateway needs to know its messages")
              .asRuntimeException();
        }
        throw e;
      }
    }
    throw Status.UNAVAILABLE
        .withDescription(
            "no node of service '" + service + "' could be reached: " + String.join("; ", failures))
        .asRuntimeException();
  }

  /** The registered versions of the nodes, sorted and joined: one version in the common case. */
  private static String versions(List<ServiceNode> nodes) {
    String first = nodes.get(0).version();
    for (ServiceNode node : nodes) {
      if (!node.version().equals(first)) {
        return nodes.stream()
            .map(ServiceNode::version)
            .distinct()
            .sorted()
            .collect(Collectors.joining(","));
      }
    }
    return first;
  }
}
