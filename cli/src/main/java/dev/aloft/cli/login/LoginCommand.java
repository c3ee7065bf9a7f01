package dev.aloft.cli.login;

import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.Token;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.cli.AloftCli;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.connect.AccessTokenClaims;
import dev.aloft.cli.connect.NamespaceOption;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.connect.StoredLogin;
import dev.aloft.cli.env.CliConfig;
import dev.aloft.cli.env.Environment;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.Console;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aloft login}: exchanges an account's id and secret for tokens, kept per environment. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Log in to the current environment with an account's id and secret.",
      "Asks for what is not given when run on a terminal (the secret is not echoed). The tokens"
          + " are kept per environment in config.json and refreshed automatically.",
      "",
      "Examples:",
      "  aloft login                                  # prompts for id and secret",
      "  aloft login --id admin --secret-stdin < admin-secret",
      "  aloft login --namespace acme --id alice      # an account of namespace acme"
    })
public final class LoginCommand implements Runnable {

  @Spec CommandSpec spec;

  @Mixin NamespaceOption namespace;

  @Option(names = "--id", paramLabel = "ID", description = "The account id.")
  String id;

  @Option(
      names = "--secret",
      paramLabel = "SECRET",
      description =
          "The account's secret. Visible to other users of this machine in the process list:"
              + " prefer --secret-stdin or the prompt.")
  String secret;

  @Option(
      names = "--secret-stdin",
      description = "Read the secret from the first line of standard input.")
  boolean secretStdin;

  @Override
  public void run() {
    AloftCli root = (AloftCli) spec.root().userObject();
    CliConfig config = root.config();
    Environment environment = config.current();
    Optional<String> loginNamespace = namespace.resolve(root.environmentVariables());
    String accountId = accountId();
    String accountSecret = secret();

    Token token;
    try (PlatformConnection platform = PlatformConnection.anonymous(environment, loginNamespace)) {
      try {
        token =
            platform
                .unary(AuthGrpc::newBlockingStub)
                .token(TokenRequest.newBuilder().setId(accountId).setSecret(accountSecret).build())
                .getToken();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
          throw new CliException(
              ExitCodes.DENIED,
              "login to environment '"
                  + environment.name()
                  + "' failed: "
                  + e.getStatus().getDescription());
        }
        throw platform.failure(e);
      }
    }
    String tokenNamespace =
        AccessTokenClaims.read(token.getAccessToken())
            .map(AccessTokenClaims::namespace)
            .filter(value -> !value.isEmpty())
            .orElse(loginNamespace.orElse("default"));
    StoredLogin login =
        new StoredLogin(
            accountId,
            tokenNamespace,
            token.getAccessToken(),
            token.getRefreshToken(),
            Instant.ofEpochSecond(token.getCreated()),
            Instant.ofEpochSecond(token.getExpiry()));
    config.setCredentials(environment.name(), login.toJson());
    config.save();
    root.output()
        .message(
            "logged in to environment '"
                + environment.name()
                + "' as '"
                + accountId
                + "' (namespace "
                + tokenNamespace
                + ")");
  }

  private String accountId() {
    if (id != null) {
      if (id.isBlank()) {
        throw new CliException(ExitCodes.USAGE, "--id: must not be empty");
      }
      return id;
    }
    Console console = System.console();
    if (console == null) {
      throw new CliException(ExitCodes.USAGE, "--id is required when not run on a terminal");
    }
    String typed = console.readLine("account id: ");
    if (typed == null || typed.isBlank()) {
      throw new CliException(ExitCodes.USAGE, "account id: nothing entered");
    }
    return typed.trim();
  }

  private String secret() {
    if (secret != null && secretStdin) {
      throw new CliException(ExitCodes.USAGE, "give either --secret or --secret-stdin, not both");
    }
    if (secret != null) {
      if (secret.isEmpty()) {
        throw new CliException(ExitCodes.USAGE, "--secret: must not be empty");
      }
      return secret;
    }
    if (secretStdin) {
      return SecretInput.firstLine(System.in, "--secret-stdin");
    }
    Console console = System.console();
    if (console == null) {
      throw new CliException(
          ExitCodes.USAGE, "--secret or --secret-stdin is required when not run on a terminal");
    }
    char[] typed = console.readPassword("secret: ");
    if (typed == null || typed.length == 0) {
      throw new CliException(ExitCodes.USAGE, "secret: nothing entered");
    }
    return new String(typed);
  }
}
