package dev.aloft.cli.login;

import dev.aloft.api.auth.v1.Account;
import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.InspectRequest;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.connect.AccessTokenClaims;
import dev.aloft.cli.connect.PlatformCommand;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.output.Output;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code aloft user}: who the CLI acts as in the current environment. */
@Command(
    name = "user",
    aliases = "whoami",
    mixinStandardHelpOptions = true,
    description = {
      "Show the account the CLI acts as in the current environment (from ALOFT_TOKEN or the"
          + " login), as the platform sees it: id, type, namespace, scopes, token expiry.",
      "Example: aloft user -o json"
    })
public final class UserCommand extends PlatformCommand {

  @Override
  protected void run(PlatformConnection platform, Output output) {
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
                            + "'; log in with: aloft login"));
    Account account =
        platform
            .unary(AuthGrpc::newBlockingStub)
            .inspect(InspectRequest.newBuilder().setToken(token).build())
            .getAccount();
    String expires =
        AccessTokenClaims.read(token)
            .flatMap(AccessTokenClaims::expiry)
            .map(Object::toString)
            .orElse("");
    output.rows(
        List.of("environment", "account", "type", "namespace", "scopes", "expires"),
        List.of(
            List.of(
                platform.environment().name(),
                account.getId(),
                account.getType(),
                account.getIssuer(),
                String.join(",", account.getScopesList()),
                expires)));
  }
}
