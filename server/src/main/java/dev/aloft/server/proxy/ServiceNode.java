package dev.aloft.server.proxy;

/**
 * One registered instance of a service, as the proxy and the gateway reach it.
 *
 * @param service the registered service name, e.g. {@code helloworld}
 * @param version the registered version; empty means latest
 * @param id the node id, unique within the version
 * @param address where the node listens for gRPC, {@code host:port}
 */
public record ServiceNode(String service, String version, String id, String address) {}
