package dev.aloft.server.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

  private static final Path HOME = Path.of("/home/dev");

  @Test
  void embeddedDefaultsWhenNothingIsGiven() {
    ServerOptions options = ServerOptions.parse(new String[0], Map.of(), HOME);

    assertThat(options.httpPort()).isEqualTo(8080);
    assertThat(options.grpcPort()).isEqualTo(8081);
    assertThat(options.dataDir()).isEqualTo(Path.of("/home/dev/.aloft/data"));
  }

  @Test
  void environmentOverridesDefaultsAndFlagsOverrideEnvironment() {
    Map<String, String> env =
        Map.of("ALOFT_HTTP_PORT", "9080", "ALOFT_GRPC_PORT", "9081", "ALOFT_DATA_DIR", "/srv/a");

    ServerOptions fromEnv = ServerOptions.parse(new String[0], env, HOME);
    assertThat(fromEnv).isEqualTo(new ServerOptions(9080, 9081, Path.of("/srv/a")));

    ServerOptions fromFlags =
        ServerOptions.parse(
            new String[] {"--http-port", "7080", "--grpc-port=7081", "--data-dir", "~/x"},
            env,
            HOME);
    assertThat(fromFlags).isEqualTo(new ServerOptions(7080, 7081, Path.of("/home/dev/x")));
  }

  @Test
  void profileComesFromTheFlagOrTheEnvironmentAndIsEmptyByDefault() {
    assertThat(ServerOptions.parse(new String[0], Map.of(), HOME).profile()).isEmpty();
    assertThat(
            ServerOptions.parse(new String[0], Map.of("ALOFT_PROFILE", "cluster"), HOME).profile())
        .contains("cluster");
    assertThat(
            ServerOptions.parse(
                    new String[] {"--profile", "cluster"}, Map.of("ALOFT_PROFILE", "other"), HOME)
                .profile())
        .contains("cluster");
    assertThat(ServerOptions.parse(new String[] {"--profile=cluster"}, Map.of(), HOME).profile())
        .contains("cluster");
  }

  @Test
  void badProfileNamesItsSource() {
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--profile", "a b"}, Map.of(), HOME))
        .hasMessageContaining("--profile must be a profile name")
        .hasMessageContaining("'a b'");
    assertThatThrownBy(
            () -> ServerOptions.parse(new String[0], Map.of("ALOFT_PROFILE", "x/y"), HOME))
        .hasMessageContaining("ALOFT_PROFILE must be a profile name");
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--profile"}, Map.of(), HOME))
        .hasMessageContaining("option --profile needs a value");
  }

  @Test
  void helpReturnsNoOptions() {
    assertThat(ServerOptions.parse(new String[] {"--help"}, Map.of(), HOME)).isNull();
    assertThat(ServerOptions.parse(new String[] {"-h"}, Map.of(), HOME)).isNull();
  }

  @Test
  void unknownOptionIsNamed() {
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--htp-port", "1"}, Map.of(), HOME))
        .isInstanceOf(ServerOptions.InvalidOptionException.class)
        .hasMessage("unknown option '--htp-port' (see aloft server --help)");
  }

  @Test
  void badPortNamesItsSource() {
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--grpc-port", "x"}, Map.of(), HOME))
        .hasMessage("--grpc-port must be a port number between 1 and 65535, got 'x'");
    assertThatThrownBy(
            () -> ServerOptions.parse(new String[0], Map.of("ALOFT_HTTP_PORT", "70000"), HOME))
        .hasMessage("ALOFT_HTTP_PORT must be a port number between 1 and 65535, got '70000'");
  }

  @Test
  void missingValueAndEqualPortsAreRejected() {
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--data-dir"}, Map.of(), HOME))
        .hasMessage("option --data-dir needs a value");
    assertThatThrownBy(
            () ->
                ServerOptions.parse(
                    new String[] {"--http-port", "9000", "--grpc-port", "9000"}, Map.of(), HOME))
        .hasMessage("HTTP and gRPC ports must differ, both are 9000");
  }

  @Test
  void positionalArgumentIsRejected() {
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"start"}, Map.of(), HOME))
        .hasMessage("unexpected argument 'start' (see aloft server --help)");
  }
}
