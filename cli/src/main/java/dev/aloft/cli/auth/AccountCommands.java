package dev.aloft.cli.auth;

import dev.aloft.api.auth.v1.Account;
import dev.aloft.api.auth.v1.AccountsGrpc;
import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.ChangeSecretRequest;
import dev.aloft.api.auth.v1.DeleteAccountRequest;
import dev.aloft.api.auth.v1.GenerateRequest;
import dev.aloft.api.auth.v1.ListAccountsRequest;
import dev.aloft.cli.connect.PlatformCommand;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.output.Output;
import dev.aloft.cli.output.OutputFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aloft auth list|create|delete|update account}. */
final class AccountCommands {

  /** The account types, as {@code --type} takes them. */
  enum AccountType {
    user,
    service
  }

  private AccountCommands() {}

  static List<String> row(Account account) {
    return List.of(
        account.getId(),
        account.getType(),
        String.join(",", account.getScopesList()),
        new TreeMap<>(account.getMetadataMap())
            .entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(",")),
        account.getCreated() == 0 ? "" : Instant.ofEpochSecond(account.getCreated()).toString());
  }

  /** An account with its secret, shown once after create and update. */
  static void printWithSecret(Output output, String what, Account account) {
    if (output.format() == OutputFormat.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", account.getId());
      json.put("type", account.getType());
      json.put("namespace", account.getIssuer());
      json.put("scopes", account.getScopesList());
      json.put("metadata", new TreeMap<>(account.getMetadataMap()));
      json.put("secret", account.getSecret());
      output.json(json);
      return;
    }
    output.message(
        what
            + " account '"
            + account.getId()
            + "' in namespace '"
            + account.getIssuer()
            + "'; its secret (shown only now): "
            + account.getSecret());
  }

  @Command(
      name = "accounts",
      aliases = "account",
      mixinStandardHelpOptions = true,
      description = {"List the namespace's accounts.", "Example: aloft auth list accounts"})
  static final class ListAccounts extends PlatformCommand {
    @Override
    protected void run(PlatformConnection platform, Output output) {
      List<Account> accounts =
          platform
              .unary(AccountsGrpc::newBlockingStub)
              .list(ListAccountsRequest.getDefaultInstance())
              .getAccountsList();
      output.rows(
          List.of("id", "type", "scopes", "metadata", "created"),
          accounts.stream().map(AccountCommands::row).toList());
    }
  }

  @Command(
      name = "account",
      aliases = "accounts",
      mixinStandardHelpOptions = true,
      description = {
        "Create an account in the namespace; prints its secret, which is shown only now.",
        "Examples: aloft auth create account alice --scopes developer,ops ;"
            + " aloft auth create account orders --type service --namespace acme"
      })
  static final class CreateAccount extends PlatformCommand {
    @Parameters(paramLabel = "ID", description = "Account id, e.g. alice.")
    String id;

    @Option(
        names = "--secret",
        paramLabel = "SECRET",
        description = "Its secret, 8 to 1024 characters (default: generated).")
    String secret = "";

    @Option(
        names = "--scopes",
        paramLabel = "SCOPE",
        split = ",",
        description = "Scopes, comma separated, e.g. admin,developer.")
    List<String> scopes = new ArrayList<>();

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
        defaultValue = "user")
    AccountType type;

    @Option(
        names = {"-m", "--metadata"},
        paramLabel = "KEY=VALUE",
        description = "Metadata carried in its tokens (repeatable).")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Override
    protected void run(PlatformConnection platform, Output output) {
      Account account =
          platform
              .unary(AuthGrpc::newBlockingStub)
              .generate(
                  GenerateRequest.newBuilder()
                      .setId(id)
                      .setSecret(secret)
                      .addAllScopes(scopes)
                      .setType(type.name())
                      .putAllMetadata(metadata)
                      .build())
              .getAccount();
      printWithSecret(output, "created", account);
    }
  }

  @Command(
      name = "account",
      aliases = "accounts",
      mixinStandardHelpOptions = true,
      description = {
        "Delete an account; its logins stop working.",
        "Example: aloft auth delete account alice"
      })
  static final class DeleteAccount extends PlatformCommand {
    @Parameters(paramLabel = "ID", description = "Account id.")
    String id;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      platform
          .unary(AccountsGrpc::newBlockingStub)
          .delete(DeleteAccountRequest.newBuilder().setId(id).build());
      if (output.format() == OutputFormat.json) {
        output.json(Map.of("id", id, "deleted", true));
      } else {
        output.message("deleted account '" + id + "'");
      }
    }
  }

  @Command(
      name = "account",
      aliases = "accounts",
      mixinStandardHelpOptions = true,
      description = {
        "Change an account's secret (admins need no --old-secret); prints the new secret.",
        "Example: aloft auth update account alice --secret 'n3w-secret-value'"
      })
  static final class UpdateAccount extends PlatformCommand {
    @Parameters(paramLabel = "ID", description = "Account id.")
    String id;

    @Option(
        names = "--secret",
        paramLabel = "SECRET",
        description = "The new secret, 8 to 1024 characters (default: generated).")
    String secret = "";

    @Option(
        names = "--old-secret",
        paramLabel = "SECRET",
        description = "The current secret (not needed by admins).")
    String oldSecret = "";

    @Override
    protected void run(PlatformConnection platform, Output output) {
      Account account =
          platform
              .unary(AccountsGrpc::newBlockingStub)
              .changeSecret(
                  ChangeSecretRequest.newBuilder()
                      .setId(id)
                      .setOldSecret(oldSecret)
                      .setNewSecret(secret)
                      .build())
              .getAccount();
      printWithSecret(output, "changed the secret of", account);
    }
  }
}
