package dev.aloft.server.calls;

/**
 * Lets an event-loop thread attempt work that usually answers from memory but may, on a cache miss,
 * have to wait for I/O (a database, etcd, another server). Inside an {@link #attempt} every such
 * place calls {@link #beforeBlocking()} first, which ends the attempt with {@link WouldBlock}
 * before anything was waited for; the caller then runs the same work on a worker thread. Outside an
 * attempt {@link #beforeBlocking()} does nothing, so the same code serves both.
 *
 * <p>The gateway uses it so that a request whose token, rules, nodes and descriptors are all known
 * is prepared on the event loop that parsed it, without two thread hand-offs.
 */
public final class NonBlocking {

  private static final ThreadLocal<Boolean> ATTEMPTING = ThreadLocal.withInitial(() -> false);
  private static final WouldBlock WOULD_BLOCK = new WouldBlock();

  private NonBlocking() {}

  /** The end of an attempt: the work reached a place that may block. Carries no stack trace. */
  public static final class WouldBlock extends RuntimeException {
    private WouldBlock() {
      super("would block", null, false, false);
    }
  }

  /** Work that may throw E, attempted without blocking. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /**
   * Runs WORK on this thread with {@link #beforeBlocking()} armed.
   *
   * @return its result, or null when it reached a place that would block (it is then to be run
   *     again where blocking is allowed; what it did before that place must be safe to repeat)
   * @throws E what the work throws
   */
  public static <T, E extends Exception> T attempt(Work<T, E> work) throws E {
    if (ATTEMPTING.get()) {
      return work.run();
    }
    ATTEMPTING.set(true);
    try {
      return work.run();
    } catch (WouldBlock e) {
      return null;
    } finally {
      ATTEMPTING.set(false);
    }
  }

  /**
   * Call before an operation that may wait for I/O.
   *
   * @throws WouldBlock inside an {@link #attempt}
   */
  public static void beforeBlocking() {
    if (ATTEMPTING.get()) {
      throw WOULD_BLOCK;
    }
  }
}
