package dev.aloft.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.server.registry.InMemoryRegistryBackend;
import dev.aloft.server.registry.ServiceNotFoundException;
import io.grpc.ManagedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order in which the proxy and the gateway try a service's nodes, on the real registry. */
class ServiceNodesTest {

  private final InMemoryRegistryBackend backend = new InMemoryRegistryBackend(Clock.systemUTC());
  private final ObservedRegistry registry = new ObservedRegistry(backend);
  private final NioEventLoopGroup loops = new NioEventLoopGroup(1);
  private final NodeChannels channels = new NodeChannels(loops, NioSocketChannel::new);
  private final ServiceNodes nodes = new ServiceNodes(registry, channels);

  @AfterEach
  void close() {
    nodes.close();
    channels.close();
    backend.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static void eventually(Runnable assertion) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(20);
    }
  }

  private void register(String namespace, String version, String... addresses) {
    registry.register(namespace, greeter(version, addresses), Optional.empty());
  }

  private static Service greeter(String version, String... addresses) {
    Service.Builder service = Service.newBuilder().setName("greeter").setVersion(version);
    for (String address : addresses) {
      service.addNodes(
          Node.newBuilder().setId("n" + address.replace(':', '-')).setAddress(address));
    }
    return service.build();
  }

  private List<String> addresses(String namespace) {
    return nodes.inCallOrder(namespace, "greeter").stream().map(ServiceNode::address).toList();
  }

  @Test
  void roundRobinStartsAtTheNextNodeEachCallOverAllVersions() {
    register("acme", "1", "a:1", "b:1");
    register("acme", "2", "c:1");
    assertThat(addresses("acme")).containsExactly("a:1", "b:1", "c:1");
    assertThat(addresses("acme")).containsExactly("b:1", "c:1", "a:1");
    assertThat(addresses("acme")).containsExactly("c:1", "a:1", "b:1");
    assertThat(addresses("acme")).containsExactly("a:1", "b:1", "c:1");
  }

  @Test
  void aNodeThatFailedIsTriedLastUntilItAnswersAgain() {
    register("acme", "1", "a:1", "b:1", "c:1");
    ServiceNode b = nodes.inCallOrder("acme", "greeter").get(1);
    nodes.failed(b);
    for (int i = 0; i < 3; i++) {
      assertThat(addresses("acme")).hasSize(3).last().isEqualTo("b:1");
    }
    nodes.answered(b);
    // five calls so far: the sixth starts at the second node again, b no longer held back
    assertThat(addresses("acme")).containsExactly("b:1", "c:1", "a:1");
  }

  @Test
  void theRegistryIsReadOncePerServiceUntilItReportsAChange() throws Exception {
    register("acme", "1", "a:1", "b:1");
    for (int i = 0; i < 5; i++) {
      assertThat(addresses("acme")).hasSize(2);
    }
    assertThat(registry.readThreads()).hasSize(1);
    // a heartbeat (the same registration again) changes nothing
    register("acme", "1", "a:1", "b:1");
    assertThat(addresses("acme")).hasSize(2);

    register("acme", "2", "c:1");

    eventually(() -> assertThat(addresses("acme")).containsExactlyInAnyOrder("a:1", "b:1", "c:1"));
    assertThat(registry.readThreads()).hasSize(2);
  }

  @Test
  void aDeregisteredNodeIsNoLongerCalledAndItsChannelIsClosed() throws Exception {
    register("acme", "1", "127.0.0.1:1", "127.0.0.1:2");
    assertThat(addresses("acme")).hasSize(2);
    ManagedChannel staying = channels.channel("127.0.0.1:1");
    ManagedChannel leaving = channels.channel("127.0.0.1:2");

    registry.deregister("acme", greeter("1", "127.0.0.1:2"));

    eventually(
        () -> {
          assertThat(addresses("acme")).containsExactly("127.0.0.1:1");
          assertThat(leaving.isShutdown()).isTrue();
        });
    assertThat(channels.isOpen("127.0.0.1:2")).isFalse();
    assertThat(staying.isShutdown()).isFalse();
    assertThat(channels.channel("127.0.0.1:1")).isSameAs(staying);
  }

  @Test
  void aChannelStaysOpenWhileAnotherKnownNodeHasItsAddress() throws Exception {
    register("acme", "1", "127.0.0.1:3");
    register("globex", "1", "127.0.0.1:3");
    assertThat(addresses("acme")).hasSize(1);
    assertThat(addresses("globex")).hasSize(1);
    ManagedChannel shared = channels.channel("127.0.0.1:3");

    registry.deregister("acme", greeter("1", "127.0.0.1:3"));

    eventually(
        () ->
            assertThatThrownBy(() -> nodes.inCallOrder("acme", "greeter"))
                .isInstanceOf(ServiceNotFoundException.class));
    assertThat(shared.isShutdown()).isFalse();
    assertThat(addresses("globex")).containsExactly("127.0.0.1:3");
  }

  @Test
  void servicesOfOtherNamespacesAreNotFound() {
    register("acme", "1", "a:1");
    assertThatThrownBy(() -> nodes.inCallOrder("globex", "greeter"))
        .isInstanceOf(ServiceNotFoundException.class)
        .hasMessageContaining("greeter");
  }

  @Test
  void targetServiceIsTheMetadataEntryElseTheLowerCasedSimpleName() {
    io.grpc.Metadata headers = new io.grpc.Metadata();
    assertThat(TargetService.of(headers, "helloworld.Helloworld")).isEqualTo("helloworld");
    assertThat(TargetService.of(headers, "acme.orders.v1.Orders")).isEqualTo("orders");
    headers.put(TargetService.SERVICE, "shop-orders");
    assertThat(TargetService.of(headers, "acme.orders.v1.Orders")).isEqualTo("shop-orders");
    assertThat(ServiceProxy.resource("shop-orders", "acme.orders.v1.Orders/Create"))
        .hasToString("service:shop-orders:Orders.Create");
  }
}
