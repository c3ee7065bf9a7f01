package dev.aloft.cli.connect;

import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.env.Environment;
import io.grpc.Status;

/** Turns a gRPC status from the platform into the one line and exit code a user gets. */
public final class PlatformFailures {

  private PlatformFailures() {}

  /**
   * The failure for STATUS from ENVIRONMENT; TOKENS says where the call's token came from, for the
   * hint on UNAUTHENTICATED and PERMISSION_DENIED.
   */
  public static CliException of(Status status, Environment environment, AccessTokens tokens) {
    String detail = detail(status);
    String where = "environment '" + environment.name() + "' at " + environment.address();
    return switch (status.getCode()) {
      case NOT_FOUND -> new CliException(ExitCodes.NOT_FOUND, detail);
      case ALREADY_EXISTS -> new CliException(ExitCodes.ALREADY_EXISTS, detail);
      case INVALID_ARGUMENT, OUT_OF_RANGE -> new CliException(ExitCodes.USAGE, detail);
      case UNAUTHENTICATED ->
          new CliException(ExitCodes.DENIED, detail + "; " + tokens.loginHint());
      case PERMISSION_DENIED ->
          new CliException(ExitCodes.DENIED, detail + "; " + tokens.deniedHint());
      case UNAVAILABLE ->
          new CliException(
              ExitCodes.UNAVAILABLE,
              "cannot reach "
                  + where
                  + " ("
                  + detail
                  + "); is the platform running there? (start one with: aloft server)");
      case DEADLINE_EXCEEDED ->
          new CliException(
              ExitCodes.UNAVAILABLE, where + " did not answer in time (" + detail + ")");
      case UNIMPLEMENTED ->
          new CliException(ExitCodes.FAILED, where + " does not offer this call (" + detail + ")");
      default ->
          new CliException(
              ExitCodes.FAILED, "the platform failed (" + status.getCode() + "): " + detail);
    };
  }

  /**
   * The server's description, or for transport failures the underlying cause; its first line only,
   * since a peer that is not an Aloft server (an HTTP server on the port, say) answers with whole
   * pages.
   */
  static String detail(Status status) {
    String detail = fullDetail(status);
    int newline = detail.indexOf('\n');
    return newline < 0 ? detail : detail.substring(0, newline).stripTrailing();
  }

  private static String fullDetail(Status status) {
    String description = status.getDescription();
    Throwable cause = status.getCause();
    while (cause != null && cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String causeMessage = cause == null ? null : cause.getMessage();
    if (description == null || description.isBlank()) {
      return causeMessage != null ? causeMessage : status.getCode().toString();
    }
    if (causeMessage != null && status.getCode() == Status.Code.UNAVAILABLE) {
      return description + ": " + causeMessage;
    }
    return description;
  }
}
