import java.net.InetAddress;
import java.net.ServerSocket;

/** A service for the local runtime's tests: says what it got, then accepts on ALOFT_GRPC_PORT. */
public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println(
        "hello from "
            + System.getenv("ALOFT_SERVICE")
            + " namespace="
            + System.getenv("ALOFT_NAMESPACE")
            + " account="
            + System.getenv("ALOFT_ACCOUNT_ID")
            + " secret-length="
            + System.getenv("ALOFT_ACCOUNT_SECRET").length()
            + " server="
            + System.getenv("ALOFT_SERVER")
            + " host="
            + System.getenv("ALOFT_ADVERTISE_HOST")
            + " version="
            + System.getenv("ALOFT_VERSION")
            + " greeting="
            + System.getenv("GREETING")
            + " admin-secret="
            + System.getenv("ALOFT_ADMIN_SECRET"));
    int port = Integer.parseInt(System.getenv("ALOFT_GRPC_PORT"));
    try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      while (true) {
        socket.accept().close();
      }
    }
  }
}
