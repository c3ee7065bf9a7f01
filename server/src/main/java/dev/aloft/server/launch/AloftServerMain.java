package dev.aloft.server.launch;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point of {@code aloft server}: resolves flags and environment, checks what would make
 * start-up fail, then hands over to Quarkus with the resolved values as configuration.
 */
@QuarkusMain
public final class AloftServerMain {

  private AloftServerMain() {}

  public static void main(String... args) {
    ServerOptions options;
    try {
      Map<String, String> env = System.getenv();
      options = ServerOptions.parse(args, env, home());
      if (options == null) {
        System.out.print(ServerOptions.USAGE);
        return;
      }
      Preflight.check(options, env);
    } catch (ServerOptions.InvalidOptionException e) {
      System.err.println("aloft server: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.setProperty("quarkus.http.port", Integer.toString(options.httpPort()));
    System.setProperty("quarkus.grpc.server.port", Integer.toString(options.grpcPort()));
    System.setProperty("aloft.data-dir", options.dataDir().toString());
    options.profile().ifPresent(profile -> System.setProperty("quarkus.profile", profile));
    Quarkus.run();
  }

  /** {@code ~} as the user's shell means it: $HOME, falling back to the JVM's user.home. */
  private static Path home() {
    String home = System.getenv("HOME");
    return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
  }
}
