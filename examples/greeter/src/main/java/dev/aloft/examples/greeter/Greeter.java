package dev.aloft.examples.greeter;

import dev.aloft.examples.greeter.helloworld.CallRequest;
import dev.aloft.examples.greeter.helloworld.HelloworldGrpc;
import dev.aloft.sdk.AloftException;
import dev.aloft.sdk.ServiceContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;

/**
 * The handler of greeter.Greeter: calls the service helloworld by name (through the platform),
 * keeps each greeting in the store (this service's table, key = the name) and publishes it to the
 * topic {@code greetings}.
 */
final class Greeter extends GreeterGrpc.GreeterImplBase {

  static final String TOPIC = "greetings";

  private final ServiceContext aloft;
  private final HelloworldGrpc.HelloworldBlockingStub helloworld;

  Greeter(ServiceContext aloft) {
    this.aloft = aloft;
    this.helloworld = aloft.client("helloworld", HelloworldGrpc::newBlockingStub);
  }

  @Override
  public void greet(GreetRequest request, StreamObserver<GreetResponse> response) {
    if (request.getName().isEmpty()) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("name: required").asException());
      return;
    }
    try {
      String message =
          helloworld
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .call(CallRequest.newBuilder().setName(request.getName()).build())
              .getMessage();
      aloft.store().write(request.getName(), message);
      aloft.events().publish(TOPIC, message);
      response.onNext(GreetResponse.newBuilder().setMessage(message).build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      // helloworld's answer (or the proxy's: NOT_FOUND when helloworld does not run)
      response.onError(
          e.getStatus()
              .withDescription("helloworld: " + e.getStatus().getDescription())
              .asException());
    } catch (AloftException e) {
      response.onError(Status.fromCode(e.code()).withDescription(e.getMessage()).asException());
    }
  }

  @Override
  public void greeted(GreetedRequest request, StreamObserver<GreetResponse> response) {
    try {
      aloft
          .store()
          .read(request.getName())
          .ifPresentOrElse(
              record -> {
                response.onNext(GreetResponse.newBuilder().setMessage(record.text()).build());
                response.onCompleted();
              },
              () ->
                  response.onError(
                      Status.NOT_FOUND
                          .withDescription("name: '" + request.getName() + "' was never greeted")
                          .asException()));
    } catch (AloftException e) {
      response.onError(Status.fromCode(e.code()).withDescription(e.getMessage()).asException());
    }
  }
}
