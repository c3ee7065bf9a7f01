package dev.aloft.cli;

/** Exit codes of `aloft`, documented in docs/cli.md; scripts rely on them, so never renumber. */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;

  /** The operation failed for a reason not covered below. */
  public static final int FAILED = 1;

  /** The command line was wrong: unknown command or option, missing or malformed argument. */
  public static final int USAGE = 2;

  /** What was asked for does not exist (unknown environment, key, service...). */
  public static final int NOT_FOUND = 3;

  /** Not logged in, credentials rejected, or not allowed. */
  public static final int DENIED = 4;

  /** The platform could not be reached. */
  public static final int UNAVAILABLE = 5;

  /** What was to be created exists already (account, rule, environment...). */
  public static final int ALREADY_EXISTS = 6;

  private ExitCodes() {}
}
