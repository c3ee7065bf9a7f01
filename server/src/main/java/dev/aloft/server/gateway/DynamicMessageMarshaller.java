package dev.aloft.server.gateway;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;

/** Messages of a type known only at run time (from reflected descriptors) on the wire. */
final class DynamicMessageMarshaller implements MethodDescriptor.Marshaller<DynamicMessage> {

  private final Descriptors.Descriptor type;

  DynamicMessageMarshaller(Descriptors.Descriptor type) {
    this.type = type;
  }

  @Override
  public InputStream stream(DynamicMessage value) {
    return value.toByteString().newInput();
  }

  @Override
  public DynamicMessage parse(InputStream stream) {
    try {
      return DynamicMessage.parseFrom(type, stream);
    } catch (InvalidProtocolBufferException e) {
      throw Status.INTERNAL
          .withDescription("the service answered a malformed " + type.getFullName())
          .withCause(e)
          .asRuntimeException();
    } catch (IOException e) {
      throw Status.INTERNAL.withCause(e).asRuntimeException();
    }
  }

  /** The method as a client calls it with dynamic messages. */
  static MethodDescriptor<DynamicMessage, DynamicMessage> method(
      Descriptors.MethodDescriptor method) {
    MethodDescriptor.MethodType type;
    if (method.isClientStreaming()) {
      type =
          method.isServerStreaming()
              ? MethodDescriptor.MethodType.BIDI_STREAMING
              : MethodDescriptor.MethodType.CLIENT_STREAMING;
    } else {
      type =
          method.isServerStreaming()
              ? MethodDescriptor.MethodType.SERVER_STREAMING
              : MethodDescriptor.MethodType.UNARY;
    }
    return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(type)
        .setFullMethodName(
            MethodDescriptor.generateFullMethodName(
                method.getService().getFullName(), method.getName()))
        .setRequestMarshaller(new DynamicMessageMarshaller(method.getInputType()))
        .setResponseMarshaller(new DynamicMessageMarshaller(method.getOutputType()))
        .build();
  }
}
