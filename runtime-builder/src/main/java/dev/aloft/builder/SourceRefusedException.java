package dev.aloft.builder;

/**
 * The source policy said no, or the source is not well formed: the message names the rule and the
 * value (a {@code file://} URL from a remote caller, a host outside the allow-list, a sub-folder
 * that escapes the checkout, a repository over the size limit, ...).
 */
public final class SourceRefusedException extends BuilderException {

  public SourceRefusedException(String message) {
    super(message);
  }
}
