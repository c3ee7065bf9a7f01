package dev.aloft.builder;

/**
 * The service was built but its image could not be made or pushed: the base image cannot be pulled,
 * the registry refused the push (authentication, plain HTTP not allowed), or the reference is
 * malformed. The message names the image and the registry's reason, never a credential.
 */
public final class ImagePushException extends BuilderException {

  public ImagePushException(String message) {
    super(message);
  }
}
