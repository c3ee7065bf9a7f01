package dev.aloft.server.proxy;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext gRPC channel per node address, opened on first use and kept for later calls (a
 * channel reconnects by itself); closed when no registered node has the address any more ({@link
 * #retire}, called by {@link ServiceNodes}) and all closed when the server stops.
 */
@ApplicationScoped
public class NodeChannels {

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  /** The channel to {@code host:port}. */
  public ManagedChannel channel(String address) {
    return channels.computeIfAbsent(
        address,
        target ->
            NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                // every listener of calls on these channels only hands data on without blocking
                // (ForwardedCall, the gateway's NodeCall, reflection): run them on the transport's
                // thread instead of a hop to an executor thread per callback
                .directExecutor()
                .idleTimeout(5, TimeUnit.MINUTES)
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .build());
  }

  /**
   * Closes the channel to {@code address}, if one is open: calls running on it finish, new calls
   * get a new channel. For an address no registered node has any more.
   */
  public void retire(String address) {
    ManagedChannel channel = channels.remove(address);
    if (channel != null) {
      channel.shutdown();
    }
  }

  /** Whether a channel to {@code address} is open. */
  public boolean isOpen(String address) {
    ManagedChannel channel = channels.get(address);
    return channel != null && !channel.isShutdown();
  }

  @PreDestroy
  void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
