package dev.aloft.server.proxy;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

/** A service node for tests: gRPC's Health service, whose Check always answers SERVING. */
final class ServingHealth extends HealthGrpc.HealthImplBase {

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
    responses.onNext(HealthCheckResponse.newBuilder().setStatus(ServingStatus.SERVING).build());
    responses.onCompleted();
  }
}
