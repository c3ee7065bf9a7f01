package dev.aloft.cli;

/** A failure to report to the user as one line, with the exit code scripts can rely on. */
public class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
