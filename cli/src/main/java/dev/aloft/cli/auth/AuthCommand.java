package dev.aloft.cli.auth;

import dev.aloft.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code aloft auth}: accounts, rules and tokens of the namespace, in Micro's shape. */
@Command(
    name = "auth",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the namespace's accounts and access rules, and issue tokens.",
      "Examples:",
      "  aloft auth create account alice --scopes developer",
      "  aloft auth create rule no-writes --resource service:store:Store.Write --scope '*'"
          + " --access denied --priority 10",
      "  aloft auth list rules"
    },
    subcommands = {
      AuthCommand.ListGroup.class,
      AuthCommand.CreateGroup.class,
      AuthCommand.DeleteGroup.class,
      AuthCommand.UpdateGroup.class,
      TokenCommand.class
    })
public final class AuthCommand extends CommandGroup {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List accounts or rules.",
      subcommands = {AccountCommands.ListAccounts.class, RuleCommands.ListRules.class})
  static final class ListGroup extends CommandGroup {}

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create an account or a rule.",
      subcommands = {AccountCommands.CreateAccount.class, RuleCommands.CreateRule.class})
  static final class CreateGroup extends CommandGroup {}

  @Command(
      name = "delete",
      aliases = "del",
      mixinStandardHelpOptions = true,
      description = "Delete an account or a rule.",
      subcommands = {AccountCommands.DeleteAccount.class, RuleCommands.DeleteRule.class})
  static final class DeleteGroup extends CommandGroup {}

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Change an account's secret, or a rule.",
      subcommands = {AccountCommands.UpdateAccount.class, RuleCommands.UpdateRule.class})
  static final class UpdateGroup extends CommandGroup {}
}
