package dev.aloft.cli.call;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.aloft.api.reflection.ReflectedFiles;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.connect.PlatformConnection;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One call of a registered service's endpoint through the platform's proxy, with a JSON request
 * turned into the endpoint's message by the service's own descriptors (fetched by reflection
 * through the proxy). Prints the response as JSON; a server stream as one JSON object per line.
 */
final class ServiceCall {

  static final Metadata.Key<String> SERVICE =
      Metadata.Key.of("aloft-service", Metadata.ASCII_STRING_MARSHALLER);

  private static final Duration REFLECTION_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration UNARY_TIMEOUT = Duration.ofSeconds(60);

  private ServiceCall() {}

  /**
   * Calls {@code endpoint} ({@code Service.Method}, e.g. {@code Helloworld.Call}) of the registered
   * {@code service} with the JSON {@code request}.
   */
  static void run(
      PlatformConnection connection,
      String service,
      String endpoint,
      String request,
      PrintWriter out) {
    Metadata headers = new Metadata();
    headers.put(SERVICE, service);
    Channel channel =
        ClientInterceptors.intercept(
            connection.channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
    Map<String, Descriptors.ServiceDescriptor> services;
    try {
      services = ReflectedFiles.services(channel, REFLECTION_TIMEOUT);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        throw new CliException(
            ExitCodes.FAILED,
            "service '"
                + service
                + "' does not offer gRPC server reflection, which 'aloft call' needs to know its"
                + " messages");
      }
      throw connection.failure(e);
    }
    Descriptors.MethodDescriptor method = find(services, endpoint, service);
    if (method.isClientStreaming()) {
      throw new CliException(
          ExitCodes.USAGE,
          "endpoint "
              + endpoint
              + " takes a stream of requests; aloft call sends one request (unary and server"
              + " streaming endpoints)");
    }
    DynamicMessage message = parse(request, method.getInputType());
    MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod = grpcMethod(method);
    try {
      if (method.isServerStreaming()) {
        JsonFormat.Printer printer =
            JsonFormat.printer()
                .alwaysPrintFieldsWithNoPresence()
                .omittingInsignificantWhitespace();
        Iterator<DynamicMessage> responses =
            ClientCalls.blockingServerStreamingCall(
                channel, grpcMethod, CallOptions.DEFAULT, message);
        while (responses.hasNext()) {
          out.println(printer.print(responses.next()));
          out.flush();
        }
      } else {
        DynamicMessage response =
            ClientCalls.blockingUnaryCall(
                channel,
                grpcMethod,
                CallOptions.DEFAULT.withDeadlineAfter(
                    UNARY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                message);
        out.println(JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(response));
        out.flush();
      }
    } catch (StatusRuntimeException e) {
      throw connection.failure(e);
    } catch (InvalidProtocolBufferException e) {
      throw new CliException(ExitCodes.FAILED, "cannot print the response: " + e.getMessage());
    }
  }

  /** The method named {@code Service.Method}; exact names first, then ignoring case. */
  static Descriptors.MethodDescriptor find(
      Map<String, Descriptors.ServiceDescriptor> services, String endpoint, String service) {
    int dot = endpoint.lastIndexOf('.');
    String handler = dot < 0 ? "" : endpoint.substring(0, dot);
    String methodName = endpoint.substring(dot + 1);
    for (boolean ignoreCase : new boolean[] {false, true}) {
      for (Descriptors.ServiceDescriptor candidate : services.values()) {
        boolean handlerMatches =
            handler.isEmpty()
                ? services.size() == 1
                : same(candidate.getName(), handler, ignoreCase)
                    || same(candidate.getFullName(), handler, ignoreCase);
        if (!handlerMatches) {
          continue;
        }
        for (Descriptors.MethodDescriptor method : candidate.getMethods()) {
          if (same(method.getName(), methodName, ignoreCase)) {
            return method;
          }
        }
      }
    }
    List<String> known = new ArrayList<>();
    for (Descriptors.ServiceDescriptor candidate : services.values()) {
      for (Descriptors.MethodDescriptor method : candidate.getMethods()) {
        known.add(candidate.getName() + "." + method.getName());
      }
    }
    throw new CliException(
        ExitCodes.NOT_FOUND,
        "service '"
            + service
            + "' has no endpoint '"
            + endpoint
            + "' (endpoints: "
            + String.join(", ", known)
            + ")");
  }

  private static boolean same(String a, String b, boolean ignoreCase) {
    return ignoreCase ? a.equalsIgnoreCase(b) : a.equals(b);
  }

  private static DynamicMessage parse(String json, Descriptors.Descriptor type) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    try {
      JsonFormat.parser().merge(json.isBlank() ? "{}" : json, builder);
      return builder.build();
    } catch (InvalidProtocolBufferException e) {
      String message =
          e.getMessage() == null ? "malformed" : e.getMessage().lines().findFirst().orElse("");
      throw new CliException(
          ExitCodes.USAGE, "request does not fit " + type.getFullName() + ": " + message);
    }
  }

  private static MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod(
      Descriptors.MethodDescriptor method) {
    return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(
            method.isServerStreaming()
                ? MethodDescriptor.MethodType.SERVER_STREAMING
                : MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(
            MethodDescriptor.generateFullMethodName(
                method.getService().getFullName(), method.getName()))
        .setRequestMarshaller(new Marshaller(method.getInputType()))
        .setResponseMarshaller(new Marshaller(method.getOutputType()))
        .build();
  }

  /** Messages of a type known from reflected descriptors. */
  private record Marshaller(Descriptors.Descriptor type)
      implements MethodDescriptor.Marshaller<DynamicMessage> {
    @Override
    public InputStream stream(DynamicMessage value) {
      return value.toByteString().newInput();
    }

    @Override
    public DynamicMessage parse(InputStream stream) {
      try {
        return DynamicMessage.parseFrom(type, stream);
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("the service answered a malformed " + type.getFullName())
            .asRuntimeException();
      }
    }
  }
}
