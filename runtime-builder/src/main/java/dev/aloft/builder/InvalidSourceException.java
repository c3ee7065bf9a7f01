package dev.aloft.builder;

/**
 * A source string that {@link SourceRef#parse} cannot read; the message names the part that is
 * wrong. {@link ServiceBuilder#build} reports it as a {@link SourceRefusedException}.
 */
public final class InvalidSourceException extends IllegalArgumentException {

  public InvalidSourceException(String message) {
    super(message);
  }
}
