package dev.aloft.builder;

/**
 * Why a build did not produce an artifact. Its message is one clear sentence (plus, for a failed
 * build, the tail of the build's output) meant for the user, and never holds a secret.
 */
public abstract sealed class BuilderException extends Exception
    permits SourceRefusedException, SourceFetchException, BuildFailedException, ImagePushException {

  protected BuilderException(String message) {
    super(message);
  }
}
