package dev.aloft.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.store.v1.ListRequest;
import dev.aloft.api.store.v1.ListResponse;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.ReadResponse;
import dev.aloft.api.store.v1.StoreGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WorkerHandOff on a real gRPC server (Netty, loopback) whose transport runs callbacks on its own
 * threads: the calls of the handed-off services start, and run, on the workers, in one task.
 */
class WorkerHandOffTest {

  private static final Context.Key<String> TENANT = Context.key("tenant");

  private final AtomicInteger workerTasks = new AtomicInteger();
  private final ExecutorService workerThreads =
      Executors.newFixedThreadPool(4, task -> new Thread(task, "test-worker"));
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch listCancelled = new CountDownLatch(1);
  private final List<String> completed = new CopyOnWriteArrayList<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    WorkerHandOff handOff =
        new WorkerHandOff(
            task -> {
              workerTasks.incrementAndGet();
              workerThreads.execute(task);
            });
    // stands for the tenancy interceptor: runs where the call starts, puts a value in the context
    ServerInterceptor tenancy =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            seen.add("start " + Thread.currentThread().getName());
            Context context = Context.current().withValue(TENANT, "acme");
            return Contexts.interceptCall(context, call, headers, next);
          }
        };
    // stands for Quarkus's request context, which ends when the call completes
    ServerInterceptor completions =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(call, headers)) {
              @Override
              public void onComplete() {
                completed.add(TENANT.get());
                super.onComplete();
              }
            };
          }
        };
    server =
        ServerBuilder.forPort(0)
            .addService(ServerInterceptors.intercept(new Store(), completions, tenancy, handOff))
            .addService(ServerInterceptors.intercept(new Health(), tenancy, handOff))
            .build()
            .start();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    workerThreads.shutdownNow();
  }

  @Test
  void aUnaryCallStartsAndRunsOnAWorkerInOneTaskWithItsContext() {
    ReadResponse response =
        StoreGrpc.newBlockingStub(channel).read(ReadRequest.newBuilder().setKey("k").build());

    assertThat(response.getRecords(0).getKey()).isEqualTo("k acme test-worker");
    assertThat(seen).containsExactly("start test-worker");
    // the start, the message and the half-close in one task; at most one more for the call's end
    assertThat(workerTasks.get()).isBetween(1, 2);
  }

  @Test
  void aCompletedCallEndsWithoutWakingAWorkerForItsEnd() throws Exception {
    int calls = 20;
    for (int i = 0; i < calls; i++) {
      StoreGrpc.newBlockingStub(channel).read(ReadRequest.newBuilder().setKey("k" + i).build());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (completed.size() < calls && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    // every call learnt of its end, in its context
    assertThat(completed).hasSize(calls).containsOnly("acme");
    // one task per call (a worker woken for the end too made it two); a few may find their worker
    // still finishing the call, and queue the end behind it
    assertThat(workerTasks.get()).isBetween(calls, calls + calls / 4);
  }

  @Test
  void aServerStreamingCallRunsOnAWorkerAndLearnsOfItsCancellation() throws Exception {
    Context.CancellableContext client = Context.current().withCancellation();
    Iterator<ListResponse> batches =
        client.call(
            () -> StoreGrpc.newBlockingStub(channel).list(ListRequest.getDefaultInstance()));

    assertThat(batches.next().getKeys(0)).isEqualTo("first acme test-worker");
    client.cancel(null);

    assertThat(listCancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).contains("start test-worker", "cancelled on test-worker");
  }

  @Test
  void otherServicesRunWhereTheTransportCallsThem() {
    HealthCheckResponse response =
        HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).doesNotContain("test-worker");
    assertThat(workerTasks.get()).isZero();
  }

  private final class Store extends StoreGrpc.StoreImplBase {
    @Override
    public void read(ReadRequest request, StreamObserver<ReadResponse> responses) {
      String where = TENANT.get() + " " + Thread.currentThread().getName();
      responses.onNext(
          ReadResponse.newBuilder()
              .addRecords(
                  dev.aloft.api.store.v1.Record.newBuilder().setKey(request.getKey() + " " + where))
              .build());
      responses.onCompleted();
    }

    @Override
    public void list(ListRequest request, StreamObserver<ListResponse> responses) {
      ServerCallStreamObserver<ListResponse> call =
          (ServerCallStreamObserver<ListResponse>) responses;
      call.setOnCancelHandler(
          () -> {
            seen.add("cancelled on " + Thread.currentThread().getName());
            listCancelled.countDown();
          });
      call.onNext(
          ListResponse.newBuilder()
              .addKeys("first " + TENANT.get() + " " + Thread.currentThread().getName())
              .build());
      // the stream stays open until the client cancels
    }
  }

  private static final class Health extends HealthGrpc.HealthImplBase {
    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
      responses.onNext(
          HealthCheckResponse.newBuilder()
              .setStatus(HealthCheckResponse.ServingStatus.SERVING)
              .build());
      responses.onCompleted();
    }
  }
}
