package dev.aloft.examples.helloworld;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** The handler of helloworld.Helloworld. */
final class Helloworld extends HelloworldGrpc.HelloworldImplBase {

  static final int MAX_COUNT = 1000;

  @Override
  public void call(CallRequest request, StreamObserver<CallResponse> response) {
    response.onNext(CallResponse.newBuilder().setMessage("Hello " + request.getName()).build());
    response.onCompleted();
  }

  @Override
  public void stream(StreamRequest request, StreamObserver<StreamResponse> response) {
    if (request.getCount() < 0 || request.getCount() > MAX_COUNT) {
      response.onError(
          Status.INVALID_ARGUMENT
              .withDescription(
                  "count: " + request.getCount() + " is not between 0 and " + MAX_COUNT)
              .asException());
      return;
    }
    int count = Math.max(1, request.getCount());
    for (int i = 1; i <= count; i++) {
      response.onNext(
          StreamResponse.newBuilder()
              .setMessage("Hello " + request.getName() + " #" + i)
              .build());
    }
    response.onCompleted();
  }
}
