/** A service for the local runtime's tests that runs but never opens ALOFT_GRPC_PORT. */
public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println("silent: running, not listening on " + System.getenv("ALOFT_GRPC_PORT"));
    Thread.sleep(Long.MAX_VALUE);
  }
}
