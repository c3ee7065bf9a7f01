package dev.aloft.api.reflection;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The protobuf descriptors of every service a gRPC server offers, asked of the server itself
 * through gRPC server reflection ({@code grpc.reflection.v1}): list the services, fetch the file
 * defining each with the files it imports, and link them. Works for servers in any language. The
 * gateway transcodes with these descriptors, and the CLI builds its dynamic commands from them.
 *
 * <p>Needs the {@code grpc.reflection.v1} stubs at run time: {@code io.grpc:grpc-services}, or in a
 * Quarkus application the stubs that quarkus-grpc brings.
 */
public final class ReflectedFiles {

  private static final Set<String> INFRASTRUCTURE =
      Set.of(
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection",
          "grpc.health.v1.Health");

  private ReflectedFiles() {}

  /**
   * The services of the server behind the channel (reflection and health left out), by full name.
   *
   * @throws StatusRuntimeException when the server cannot be reached or has no reflection service
   */
  public static Map<String, Descriptors.ServiceDescriptor> services(
      Channel channel, Duration timeout) {
    Map<String, FileDescriptorProto> files = new HashMap<>();
    List<String> serviceNames = new ArrayList<>();
    try (Conversation conversation = new Conversation(channel, timeout)) {
      for (ServiceResponse service :
          conversation
              .ask(ServerReflectionRequest.newBuilder().setListServices("").build())
              .getListServicesResponse()
              .getServiceList()) {
        if (!INFRASTRUCTURE.contains(service.getName())) {
          serviceNames.add(service.getName());
        }
      }
      for (String service : serviceNames) {
        addFiles(
            files,
            conversation.ask(
                ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build()));
      }
      List<String> missing = missingImports(files);
      while (!missing.isEmpty()) {
        for (String name : missing) {
          if (wellKnown(name) != null) {
            continue;
          }
          addFiles(
              files,
              conversation.ask(
                  ServerReflectionRequest.newBuilder().setFileByFilename(name).build()));
          if (!files.containsKey(name)) {
            throw Status.FAILED_PRECONDITION
                .withDescription("reflection did not return " + name)
                .asRuntimeException();
          }
        }
        missing = missingImports(files);
      }
    }
    Map<String, Descriptors.FileDescriptor> linked = new HashMap<>();
    Map<String, Descriptors.ServiceDescriptor> services = new LinkedHashMap<>();
    for (FileDescriptorProto file : files.values()) {
      for (Descriptors.ServiceDescriptor service :
          link(file.getName(), files, linked).getServices()) {
        if (serviceNames.contains(service.getFullName())) {
          services.put(service.getFullName(), service);
        }
      }
    }
    return services;
  }

  private static void addFiles(Map<String, FileDescriptorProto> files, ServerReflectionResponse r) {
    if (r.hasErrorResponse()) {
      throw Status.fromCodeValue(r.getErrorResponse().getErrorCode())
          .withDescription("reflection: " + r.getErrorResponse().getErrorMessage())
          .asRuntimeException();
    }
    for (ByteString bytes : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      try {
        FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
        files.putIfAbsent(file.getName(), file);
      } catch (InvalidProtocolBufferException e) {
        throw Status.INTERNAL
            .withDescription("reflection returned a malformed file descriptor")
            .asRuntimeException();
      }
    }
  }

  private static List<String> missingImports(Map<String, FileDescriptorProto> files) {
    List<String> missing = new ArrayList<>();
    for (FileDescriptorProto file : files.values()) {
      for (String dependency : file.getDependencyList()) {
        if (!files.containsKey(dependency)
            && wellKnown(dependency) == null
            && !missing.contains(dependency)) {
          missing.add(dependency);
        }
      }
    }
    return missing;
  }

  private static Descriptors.FileDescriptor link(
      String name,
      Map<String, FileDescriptorProto> files,
      Map<String, Descriptors.FileDescriptor> linked) {
    Descriptors.FileDescriptor done = linked.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto file = files.get(name);
    if (file == null) {
      Descriptors.FileDescriptor known = wellKnown(name);
      if (known == null) {
        throw Status.FAILED_PRECONDITION
            .withDescription("reflection did not return " + name)
            .asRuntimeException();
      }
      return known;
    }
    List<Descriptors.FileDescriptor> dependencies = new ArrayList<>();
    for (String dependency : file.getDependencyList()) {
      dependencies.add(link(dependency, files, linked));
    }
    try {
      Descriptors.FileDescriptor built =
          Descriptors.FileDescriptor.buildFrom(
              file, dependencies.toArray(new Descriptors.FileDescriptor[0]));
      linked.put(name, built);
      return built;
    } catch (Descriptors.DescriptorValidationException e) {
      throw Status.FAILED_PRECONDITION
          .withDescription("the service's descriptors do not link: " + e.getMessage())
          .asRuntimeException();
    }
  }

  /** The well-known types every protobuf runtime has, when a server does not send them. */
  private static Descriptors.FileDescriptor wellKnown(String name) {
    return switch (name) {
      case "google/protobuf/any.proto" -> com.google.protobuf.AnyProto.getDescriptor();
      case "google/protobuf/duration.proto" -> com.google.protobuf.DurationProto.getDescriptor();
      case "google/protobuf/empty.proto" -> com.google.protobuf.EmptyProto.getDescriptor();
      case "google/protobuf/struct.proto" -> com.google.protobuf.StructProto.getDescriptor();
      case "google/protobuf/timestamp.proto" -> com.google.protobuf.TimestampProto.getDescriptor();
      case "google/protobuf/wrappers.proto" -> com.google.protobuf.WrappersProto.getDescriptor();
      case "google/protobuf/field_mask.proto" -> com.google.protobuf.FieldMaskProto.getDescriptor();
      default -> null;
    };
  }

  /** One reflection stream: a request, then its response, in turn. */
  private static final class Conversation implements AutoCloseable {
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final StreamObserver<ServerReflectionRequest> requests;
    private final long deadlineNanos;

    Conversation(Channel channel, Duration timeout) {
      this.deadlineNanos = System.nanoTime() + timeout.toNanos();
      this.requests =
          ServerReflectionGrpc.newStub(channel)
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .serverReflectionInfo(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                      answers.add(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                      answers.add(t);
                    }

                    @Override
                    public void onCompleted() {
                      answers.add(
                          Status.UNAVAILABLE.withDescription("reflection stream ended early"));
                    }
                  });
    }

    ServerReflectionResponse ask(ServerReflectionRequest request) {
      requests.onNext(request);
      Object answer;
      try {
        answer = answers.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
      }
      if (answer instanceof ServerReflectionResponse response) {
        return response;
      }
      if (answer instanceof Status status) {
        throw status.asRuntimeException();
      }
      if (answer instanceof Throwable t) {
        throw Status.fromThrowable(t).asRuntimeException();
      }
      throw Status.DEADLINE_EXCEEDED
          .withDescription("reflection did not answer in time")
          .asRuntimeException();
    }

    @Override
    public void close() {
      try {
        requests.onCompleted();
      } catch (RuntimeException e) {
        // the stream already failed; nothing to end
      }
    }
  }
}
