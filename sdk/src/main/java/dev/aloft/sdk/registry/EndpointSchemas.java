package dev.aloft.sdk.registry;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.aloft.api.registry.v1.Endpoint;
import dev.aloft.api.registry.v1.Value;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * A service's endpoints as the registry describes them (docs/registry.md): one {@link Endpoint} per
 * gRPC method, named {@code Service.Method}, with its request and response messages as {@link
 * Value} trees built from the protobuf descriptors.
 *
 * <ul>
 *   <li>A message is a Value named and typed by the message ({@code CallRequest}); each field is a
 *       nested Value named by the field, with a scalar type ({@code string}, {@code int32}...), the
 *       enum's or message's type name, and {@code repeated} for repeated and map fields (a map is a
 *       repeated {@code XEntry} message of {@code key} and {@code value}).
 *   <li>Type names are relative to the service's proto package: {@code helloworld.CallRequest} of
 *       service {@code helloworld.Helloworld} is {@code CallRequest}, {@code
 *       google.protobuf.Timestamp} stays as it is.
 *   <li>A message that contains itself, or nesting deeper than the registry's 16 levels, stops
 *       there: the field keeps its type and has no nested values.
 *   <li>Streaming endpoints carry metadata {@code stream: true} (server or bidirectional stream)
 *       and {@code client_stream: true} (the client streams), as the CLI reads them.
 * </ul>
 *
 * Services whose definition has no protobuf descriptor (built by hand) get endpoints with names
 * only.
 */
public final class EndpointSchemas {

  /** The registry's limit on nesting (docs/registry.md). */
  static final int MAX_DEPTH = 16;

  private EndpointSchemas() {}

  /** The endpoints of every gRPC service in SERVICES, in their declared order. */
  public static List<Endpoint> of(List<ServerServiceDefinition> services) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (ServerServiceDefinition definition : services) {
      Object schema = definition.getServiceDescriptor().getSchemaDescriptor();
      if (schema instanceof ProtoServiceDescriptorSupplier supplier) {
        endpoints.addAll(of(supplier.getServiceDescriptor()));
      } else {
        for (io.grpc.MethodDescriptor<?, ?> method :
            definition.getServiceDescriptor().getMethods()) {
          String service = method.getServiceName();
          String simple = service.substring(service.lastIndexOf('.') + 1);
          endpoints.add(
              Endpoint.newBuilder().setName(simple + "." + method.getBareMethodName()).build());
        }
      }
    }
    return endpoints;
  }

  /** The endpoints of one protobuf service. */
  public static List<Endpoint> of(ServiceDescriptor service) {
    String pkg = service.getFile().getPackage();
    List<Endpoint> endpoints = new ArrayList<>();
    for (MethodDescriptor method : service.getMethods()) {
      Endpoint.Builder endpoint =
          Endpoint.newBuilder()
              .setName(service.getName() + "." + method.getName())
              .setRequest(message(method.getInputType(), pkg))
              .setResponse(message(method.getOutputType(), pkg));
      if (method.isServerStreaming()) {
        endpoint.putMetadata("stream", "true");
      }
      if (method.isClientStreaming()) {
        endpoint.putMetadata("client_stream", "true");
      }
      endpoints.add(endpoint.build());
    }
    return endpoints;
  }

  /** The Value tree of a message, relative to proto package PKG. */
  static Value message(Descriptor message, String pkg) {
    Deque<String> path = new ArrayDeque<>();
    return Value.newBuilder()
        .setName(message.getName())
        .setType(typeName(message.getFullName(), pkg))
        .addAllValues(fields(message, pkg, path, 1))
        .build();
  }

  private static List<Value> fields(Descriptor message, String pkg, Deque<String> path, int depth) {
    path.push(message.getFullName());
    List<Value> values = new ArrayList<>();
    for (FieldDescriptor field : message.getFields()) {
      Value.Builder value =
          Value.newBuilder().setName(field.getName()).setRepeated(field.isRepeated());
      switch (field.getJavaType()) {
        case MESSAGE -> {
          Descriptor type = field.getMessageType();
          value.setType(typeName(type.getFullName(), pkg));
          if (depth < MAX_DEPTH && !path.contains(type.getFullName())) {
            value.addAllValues(fields(type, pkg, path, depth + 1));
          }
        }
        case ENUM -> {
          EnumDescriptor type = field.getEnumType();
          value.setType(typeName(type.getFullName(), pkg));
        }
        default -> value.setType(field.getType().name().toLowerCase(Locale.ROOT));
      }
      values.add(value.build());
    }
    path.pop();
    return values;
  }

  private static String typeName(String fullName, String pkg) {
    return !pkg.isEmpty() && fullName.startsWith(pkg + ".")
        ? fullName.substring(pkg.length() + 1)
        : fullName;
  }
}
