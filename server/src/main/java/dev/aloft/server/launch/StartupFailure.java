package dev.aloft.server.launch;

import io.quarkus.runtime.PreventFurtherStepsException;
import io.quarkus.runtime.Quarkus;
import java.util.function.Supplier;

/**
 * Stops a server that cannot work (a backend unreachable at start, a bad backend setting) with one
 * line on stderr and a non-zero exit, instead of a framework stack trace. Quarkus skips its
 * remaining start-up steps on {@link PreventFurtherStepsException} (so the server never opens its
 * ports or says it is ready) and exits with the code asked for.
 */
public final class StartupFailure {

  private StartupFailure() {}

  /**
   * Prints {@code "aloft server: " + problem}, asks Quarkus to exit with {@code exitCode} and
   * returns the exception to throw from the start-up code that found the problem.
   */
  public static PreventFurtherStepsException stop(String problem, int exitCode) {
    System.err.println("aloft server: " + problem);
    System.err.flush();
    Quarkus.asyncExit(exitCode);
    return new PreventFurtherStepsException("aloft server: " + problem, exitCode);
  }

  /**
   * Makes a backend at start-up, or stops the server with one line: a bad setting ({@link
   * IllegalArgumentException}) exits 2, a backend that cannot be reached or used (any other
   * failure) exits 1. The failure's message is the line, so it must name the setting or the backend
   * and its address.
   */
  public static <T> T unlessItFails(Supplier<T> maker) {
    try {
      return maker.get();
    } catch (PreventFurtherStepsException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw stop(e.getMessage(), 2);
    } catch (RuntimeException e) {
      throw stop(e.getMessage(), 1);
    }
  }
}
