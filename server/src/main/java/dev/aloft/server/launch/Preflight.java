package dev.aloft.server.launch;

import dev.aloft.server.auth.PlatformAdmin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks, before the server starts, what a user most often gets wrong, so that the failure is one
 * line that names the problem instead of a framework stack trace.
 */
final class Preflight {

  private Preflight() {}

  static void check(ServerOptions options, Map<String, String> env) {
    requireUsableAdminSecret(env.get(PlatformAdmin.SECRET_VARIABLE));
    requireFreePort(options.httpPort(), "HTTP", "--http-port or ALOFT_HTTP_PORT");
    requireFreePort(options.grpcPort(), "gRPC", "--grpc-port or ALOFT_GRPC_PORT");
    requireWritable(options.dataDir());
  }

  /**
   * A set ALOFT_ADMIN_SECRET must be a usable secret, on every start: it only takes effect on the
   * first, but a value that could never work is a mistake worth stopping for.
   */
  static void requireUsableAdminSecret(String secret) {
    PlatformAdmin.configuredSecretProblem(secret)
        .ifPresent(
            problem -> {
              throw new ServerOptions.InvalidOptionException(problem);
            });
  }

  private static void requireFreePort(int port, String what, String hint) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new ServerOptions.InvalidOptionException(
          what
              + " port "
              + port
              + " is already in use; stop what uses it or choose another with "
              + hint);
    }
  }

  private static void requireWritable(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new ServerOptions.InvalidOptionException(
          "data directory "
              + dir
              + " is not writable ("
              + reason(e)
              + "); choose another with --data-dir or ALOFT_DATA_DIR");
    }
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
