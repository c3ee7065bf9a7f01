package dev.aloft.builder.image;

/**
 * An image in a registry.
 *
 * @param repository registry and repository, e.g. {@code 127.0.0.1:5000/acme/orders}
 * @param tag the tag it was pushed with (the commit id when none was asked for)
 * @param digest the manifest's digest, {@code sha256:...}: what a Deployment should run
 */
public record PushedImage(String repository, String tag, String digest) {

  /** {@code repository@sha256:...}: exactly this image, whatever the tag points to later. */
  public String reference() {
    return repository + "@" + digest;
  }

  /** {@code repository:tag}. */
  public String taggedReference() {
    return repository + ":" + tag;
  }
}
