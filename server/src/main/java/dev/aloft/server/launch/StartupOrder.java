package dev.aloft.server.launch;

import jakarta.interceptor.Interceptor;

/**
 * Priorities of start-up work: the backends are made and checked first, so that a server that
 * cannot reach one (or is told to use one that does not exist) stops before it creates anything,
 * such as the platform admin account, in its data directory.
 */
public final class StartupOrder {

  /** Making and checking the backends: before everything else. */
  public static final int BACKENDS = Interceptor.Priority.PLATFORM_BEFORE - 100;

  private StartupOrder() {}
}
