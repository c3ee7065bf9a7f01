package dev.aloft.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.env.Environment;
import io.grpc.Status;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class PlatformFailuresTest {

  private static final Environment PROD = new Environment("prod", "grpcs://aloft.example", false);

  private static CliException failure(Status status, AccessTokens tokens) {
    return PlatformFailures.of(status, PROD, tokens);
  }

  private static CliException failure(Status status) {
    return failure(status, AccessTokens.none("prod"));
  }

  @Test
  void statusesMapToDistinctExitCodesWithTheServersMessage() {
    CliException notFound =
        failure(Status.NOT_FOUND.withDescription("key 'k' not found in table 'default'"));
    assertThat(notFound.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(notFound).hasMessage("key 'k' not found in table 'default'");

    CliException invalid = failure(Status.INVALID_ARGUMENT.withDescription("path: empty"));
    assertThat(invalid.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(invalid).hasMessage("path: empty");

    assertThat(failure(Status.ALREADY_EXISTS.withDescription("id: x exists")).exitCode())
        .isEqualTo(ExitCodes.ALREADY_EXISTS);
    assertThat(failure(Status.INTERNAL.withDescription("boom")))
        .hasMessage("the platform failed (INTERNAL): boom")
        .satisfies(e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILED));
  }

  @Test
  void aPeerThatIsNotAnAloftServerGetsOneLine() {
    CliException notGrpc =
        failure(
            Status.UNIMPLEMENTED.withDescription(
                "HTTP status code 404\ninvalid content-type: text/html\nDATA---\n<html></html>"));

    assertThat(notGrpc)
        .hasMessage(
            "environment 'prod' at grpcs://aloft.example does not offer this call (HTTP status code"
                + " 404)");
  }

  @Test
  void refusalsHintAtLoggingIn() {
    CliException anonymous = failure(Status.UNAUTHENTICATED.withDescription("not public"));
    assertThat(anonymous.exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(anonymous)
        .hasMessage("not public; not logged in to environment 'prod'; log in with: aloft login");

    StoredLogin login =
        new StoredLogin("bob", "acme", "a", "r", java.time.Instant.EPOCH, java.time.Instant.MAX);
    AccessTokens loggedIn =
        AccessTokens.fromLogin("prod", login, java.time.Clock.systemUTC(), r -> null, l -> {});
    CliException denied =
        failure(Status.PERMISSION_DENIED.withDescription("rule 'x' denies it"), loggedIn);
    assertThat(denied.exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(denied)
        .hasMessage(
            "rule 'x' denies it; you are logged in as 'bob' of namespace 'acme' (switch accounts"
                + " with: aloft login)");
  }

  @Test
  void anUnreachablePlatformIsNamedByEnvironmentAndAddress() {
    CliException unavailable =
        failure(
            Status.UNAVAILABLE
                .withDescription("io exception")
                .withCause(new ConnectException("Connection refused")));

    assertThat(unavailable.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(unavailable)
        .hasMessage(
            "cannot reach environment 'prod' at grpcs://aloft.example (io exception: Connection"
                + " refused); is the platform running there? (start one with: aloft server)");
  }
}
