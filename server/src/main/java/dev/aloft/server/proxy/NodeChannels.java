package dev.aloft.server.proxy;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The plaintext gRPC channels to service nodes, opened on first use and kept for later calls (a
 * channel reconnects by itself); closed when no registered node has the address any more ({@link
 * #retire}, called by {@link ServiceNodes}) and all closed when the server stops.
 *
 * <p>A node has one channel per event loop of the server, whose connection lives on that loop. A
 * call made on an event loop (the gateway's HTTP request, the proxy's incoming gRPC call) goes out
 * on that loop's own channel: its request is written, and its answer read and handed on, by the
 * thread that took the incoming request, with no wake-up of another thread in either direction. A
 * call made elsewhere (a worker fetching descriptors) takes the channel of any loop.
 */
@ApplicationScoped
public class NodeChannels {

  private record Key(String address, EventLoop loop) {}

  private final EventLoopGroup loops;
  private final ChannelFactory<? extends Channel> channelFactory;
  private final Map<Key, ManagedChannel> channels = new ConcurrentHashMap<>();

  /** The channels of the server: on Vert.x's event loops, with its transport (NIO or native). */
  @Inject
  public NodeChannels(Vertx vertx) {
    this(vertx.nettyEventLoopGroup(), ((VertxInternal) vertx).transport().channelFactory(false));
  }

  /** Channels on the given event loops, with sockets made by CHANNEL_FACTORY for those loops. */
  public NodeChannels(EventLoopGroup loops, ChannelFactory<? extends Channel> channelFactory) {
    this.loops = loops;
    this.channelFactory = channelFactory;
  }

  /** The channel to {@code host:port} of the calling thread's event loop (any loop off them). */
  public ManagedChannel channel(String address) {
    return channels.computeIfAbsent(new Key(address, currentLoop()), this::open);
  }

  /** The event loop the calling thread runs, or the next one when it runs none of them. */
  EventLoop currentLoop() {
    for (EventExecutor loop : loops) {
      if (loop.inEventLoop()) {
        return (EventLoop) loop;
      }
    }
    return (EventLoop) loops.next();
  }

  private ManagedChannel open(Key key) {
    return NettyChannelBuilder.forTarget(key.address())
        .usePlaintext()
        .eventLoopGroup(key.loop())
        .channelFactory(channelFactory)
        // every listener of calls on these channels only hands data on without blocking
        // (ForwardedCall, the gateway's NodeCall, reflection): run them on the loop itself
        // instead of a hop to an executor thread per callback
        .directExecutor()
        .idleTimeout(5, TimeUnit.MINUTES)
        .maxInboundMessageSize(Integer.MAX_VALUE)
        .build();
  }

  /**
   * Closes the channels to {@code address}, if any are open: calls running on them finish, new
   * calls get new channels. For an address no registered node has any more.
   */
  public void retire(String address) {
    channels.forEach(
        (key, channel) -> {
          if (key.address().equals(address) && channels.remove(key, channel)) {
            channel.shutdown();
          }
        });
  }

  /** Whether a channel to {@code address} is open. */
  public boolean isOpen(String address) {
    return channels.entrySet().stream()
        .anyMatch(e -> e.getKey().address().equals(address) && !e.getValue().isShutdown());
  }

  @PreDestroy
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
