package dev.aloft.builder;

/**
 * The source could not be fetched: unknown repository, branch, tag or commit, missing sub-folder or
 * local folder, failed authentication, unreachable host. The message says which.
 */
public final class SourceFetchException extends BuilderException {

  public SourceFetchException(String message) {
    super(message);
  }
}
