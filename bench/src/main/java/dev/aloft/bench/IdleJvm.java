package dev.aloft.bench;

/** The baseline of the server start benchmark: a JVM that only says it is ready, then waits. */
public final class IdleJvm {

  private IdleJvm() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
