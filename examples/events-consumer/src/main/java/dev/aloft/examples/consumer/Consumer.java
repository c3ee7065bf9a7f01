package dev.aloft.examples.consumer;

import dev.aloft.sdk.AloftException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** The handler of consumer.Consumer. */
final class Consumer extends ConsumerGrpc.ConsumerImplBase {

  static final int MAX_LIMIT = 1000;

  private final ReceivedEvents received;

  Consumer(ReceivedEvents received) {
    this.received = received;
  }

  @Override
  public void received(ReceivedRequest request, StreamObserver<ReceivedResponse> response) {
    if (request.getLimit() < 0 || request.getLimit() > MAX_LIMIT) {
      response.onError(
          Status.INVALID_ARGUMENT
              .withDescription(
                  "limit: " + request.getLimit() + " is not between 0 and " + MAX_LIMIT)
              .asException());
      return;
    }
    int limit = request.getLimit() == 0 ? 10 : request.getLimit();
    try {
      ReceivedResponse.Builder answer = ReceivedResponse.newBuilder().setCount(received.count());
      received
          .last(limit)
          .forEach(
              record ->
                  answer.addEvents(
                      ReceivedEvent.newBuilder()
                          .setSequence(
                              Long.parseLong(
                                  record.key().substring(ReceivedEvents.EVENT_PREFIX.length())))
                          .setPayload(record.text())));
      response.onNext(answer.build());
      response.onCompleted();
    } catch (AloftException e) {
      response.onError(Status.fromCode(e.code()).withDescription(e.getMessage()).asException());
    }
  }
}
