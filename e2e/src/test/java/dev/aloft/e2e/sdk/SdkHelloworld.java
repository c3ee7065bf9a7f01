package dev.aloft.e2e.sdk;

import dev.aloft.e2e.helloworld.CallRequest;
import dev.aloft.e2e.helloworld.CallResponse;
import dev.aloft.e2e.helloworld.HelloworldGrpc;
import dev.aloft.e2e.helloworld.StreamRequest;
import dev.aloft.e2e.helloworld.StreamResponse;
import dev.aloft.sdk.ServiceContext;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * helloworld.Helloworld written with the SDK: the salutation comes from the request, else from the
 * namespace's config {@code helloworld.salutation}, else "Hello".
 */
final class SdkHelloworld extends HelloworldGrpc.HelloworldImplBase {

  private final ServiceContext aloft;

  SdkHelloworld(ServiceContext aloft) {
    this.aloft = aloft;
  }

  @Override
  public void call(CallRequest request, StreamObserver<CallResponse> response) {
    if (request.getName().equals("fail")) {
      response.onError(
          Status.FAILED_PRECONDITION.withDescription("name: fail is not a name").asException());
      return;
    }
    String salutation =
        request.getGreeting().getSalutation().isEmpty()
            ? aloft.config().get("helloworld.salutation", String.class, "Hello")
            : request.getGreeting().getSalutation();
    String greeting = salutation + " " + request.getName();
    int times = Math.max(1, request.getGreeting().getTimes());
    response.onNext(
        CallResponse.newBuilder()
            .setMessage(String.join(", ", java.util.Collections.nCopies(times, greeting)))
            .setNode("sdk")
            .setNamespace(aloft.namespace())
            .build());
    response.onCompleted();
  }

  @Override
  public void stream(StreamRequest request, StreamObserver<StreamResponse> response) {
    for (int i = 1; i <= Math.max(1, request.getCount()); i++) {
      response.onNext(
          StreamResponse.newBuilder()
              .setMessage("Hello " + request.getName() + " #" + i)
              .setIndex(i)
              .build());
    }
    response.onCompleted();
  }
}
