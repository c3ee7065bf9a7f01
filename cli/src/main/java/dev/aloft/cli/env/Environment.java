package dev.aloft.cli.env;

/**
 * A platform the CLI talks to: a name and the address of its gRPC endpoint.
 *
 * @param address {@code host:port} (plaintext gRPC), or {@code grpcs://host[:port]} for TLS
 */
public record Environment(String name, String address, boolean builtIn) {

  /** Whether to talk TLS to this environment. */
  public boolean tls() {
    return address.startsWith("grpcs://") || address.startsWith("https://");
  }

  /** host:port without scheme, TLS defaulting to port 443. */
  public String target() {
    String target = address.replaceFirst("^[a-z]+://", "");
    return target.contains(":") ? target : target + ":443";
  }
}
