package dev.aloft.cli.auth;

import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.Token;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.connect.AccessTokenClaims;
import dev.aloft.cli.connect.PlatformCommand;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.login.SecretInput;
import dev.aloft.cli.output.Output;
import dev.aloft.cli.output.OutputFormat;
import dev.aloft.cli.time.TimeArguments;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aloft auth token}: an access token, for scripts and {@code ALOFT_TOKEN}. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Print an access token: the current login's (refreshed if due), or with --id a new one for"
          + " that account (nothing is stored). -o json adds the refresh token and expiry.",
      "Examples: export ALOFT_TOKEN=$(aloft auth token) ;"
          + " aloft auth token --id ci --secret-stdin --expiry 5m < ci-secret"
    })
final class TokenCommand extends PlatformCommand {

  @Option(names = "--id", paramLabel = "ID", description = "Issue a token for this account.")
  String id;

  @Option(names = "--secret", paramLabel = "SECRET", description = "The account's secret.")
  String secret;

  @Option(
      names = "--secret-stdin",
      description = "Read the account's secret from the first line of standard input.")
  boolean secretStdin;

  @Option(
      names = "--expiry",
      paramLabel = "DURATION",
      converter = TimeArguments.DurationConverter.class,
      description = "With --id: a shorter lifetime than the platform's default, e.g. 5m.")
  Duration expiry;

  @Override
  protected void run(PlatformConnection platform, Output output) {
    if (id == null) {
      if (secret != null || secretStdin || expiry != null) {
        throw new CliException(ExitCodes.USAGE, "--secret, --secret-stdin and --expiry need --id");
      }
      String token =
          platform
              .tokens()
              .current()
              .orElseThrow(
                  () ->
                      new CliException(
                          ExitCodes.DENIED,
                          "not logged in to environment '"
                              + platform.environment().name()
                              + "'; log in with: aloft login, or give --id"));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("access_token", token);
      platform
          .tokens()
          .login()
          .ifPresent(
              login -> {
                json.put("refresh_token", login.refreshToken());
                json.put("created", login.created().getEpochSecond());
              });
      AccessTokenClaims.read(token)
          .flatMap(AccessTokenClaims::expiry)
          .ifPresent(at -> json.put("expiry", at.getEpochSecond()));
      print(output, token, json);
      return;
    }
    Token token =
        platform
            .unary(AuthGrpc::newBlockingStub)
            .token(
                TokenRequest.newBuilder()
                    .setId(id)
                    .setSecret(secret())
                    .setTokenExpiry(expiry == null ? 0 : Math.max(1, expiry.toSeconds()))
                    .build())
            .getToken();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("access_token", token.getAccessToken());
    json.put("refresh_token", token.getRefreshToken());
    json.put("created", token.getCreated());
    json.put("expiry", token.getExpiry());
    print(output, token.getAccessToken(), json);
  }

  private static void print(Output output, String accessToken, Map<String, Object> json) {
    if (output.format() == OutputFormat.json) {
      if (json.get("expiry") instanceof Long seconds) {
        json.put("expires", Instant.ofEpochSecond(seconds).toString());
      }
      output.json(json);
    } else {
      output.message(accessToken);
    }
  }

  private String secret() {
    if (secret != null && secretStdin) {
      throw new CliException(ExitCodes.USAGE, "give either --secret or --secret-stdin, not both");
    }
    if (secret != null) {
      return secret;
    }
    if (!secretStdin) {
      throw new CliException(ExitCodes.USAGE, "--id needs --secret or --secret-stdin");
    }
    return SecretInput.firstLine(System.in, "--secret-stdin");
  }
}
