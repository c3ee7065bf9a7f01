package dev.aloft.cli.auth;

import dev.aloft.api.auth.v1.Access;
import dev.aloft.api.auth.v1.CreateRuleRequest;
import dev.aloft.api.auth.v1.DeleteRuleRequest;
import dev.aloft.api.auth.v1.ListRulesRequest;
import dev.aloft.api.auth.v1.Rule;
import dev.aloft.api.auth.v1.RulesGrpc;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.connect.PlatformCommand;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.output.Output;
import dev.aloft.cli.output.OutputFormat;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aloft auth list|create|delete|update rule}. */
final class RuleCommands {

  /** GRANTED or DENIED, as {@code --access} takes them. */
  enum AccessArgument {
    granted,
    denied;

    Access toProto() {
      return this == granted ? Access.GRANTED : Access.DENIED;
    }
  }

  private RuleCommands() {}

  static List<String> row(Rule rule) {
    return List.of(
        rule.getId(),
        rule.getScope().isEmpty() ? "\"\"" : rule.getScope(),
        RuleResources.format(rule.getResource()),
        rule.getAccess() == Access.GRANTED ? "granted" : "denied",
        Integer.toString(rule.getPriority()));
  }

  static final List<String> COLUMNS = List.of("id", "scope", "resource", "access", "priority");

  @Command(
      name = "rules",
      aliases = "rule",
      mixinStandardHelpOptions = true,
      description = {
        "List the namespace's rules in evaluation order (highest priority first).",
        "Example: aloft auth list rules"
      })
  static final class ListRules extends PlatformCommand {
    @Override
    protected void run(PlatformConnection platform, Output output) {
      output.rows(COLUMNS, list(platform).stream().map(RuleCommands::row).toList());
    }
  }

  static List<Rule> list(PlatformConnection platform) {
    return platform
        .unary(RulesGrpc::newBlockingStub)
        .list(ListRulesRequest.getDefaultInstance())
        .getRulesList();
  }

  @Command(
      name = "rule",
      aliases = "rules",
      mixinStandardHelpOptions = true,
      description = {
        "Create a rule: who (--scope) may or may not (--access) call what (--resource).",
        "Scope: '' anyone, even without login; '*' any account of the namespace; '+' any account"
            + " of any namespace; else accounts with that scope. Highest priority decides first;"
            + " a call no rule matches is denied.",
        "Example: aloft auth create rule ops-writes --resource service:store:Store.Write"
            + " --scope ops --access granted --priority 20"
      })
  static final class CreateRule extends PlatformCommand {
    @Parameters(paramLabel = "ID", description = "Rule id.")
    String id;

    @Option(
        names = "--resource",
        required = true,
        paramLabel = "TYPE:NAME:ENDPOINT",
        description = "What it is about, e.g. service:store:Store.Read or service:store:*.")
    String resource;

    @Option(
        names = "--scope",
        paramLabel = "SCOPE",
        description = "Who it is about (default: '', anyone).")
    String scope = "";

    @Option(
        names = "--access",
        paramLabel = "ACCESS",
        description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
        defaultValue = "granted")
    AccessArgument access;

    @Option(
        names = "--priority",
        paramLabel = "N",
        description = "Higher priorities decide first (default: 0).")
    int priority;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      Rule rule =
          Rule.newBuilder()
              .setId(id)
              .setScope(scope)
              .setResource(RuleResources.parse(resource))
              .setAccess(access.toProto())
              .setPriority(priority)
              .build();
      platform
          .unary(RulesGrpc::newBlockingStub)
          .create(CreateRuleRequest.newBuilder().setRule(rule).build());
      print(output, "created", rule);
    }
  }

  static void print(Output output, String what, Rule rule) {
    if (output.format() == OutputFormat.json) {
      output.rows(COLUMNS, List.of(row(rule)));
    } else {
      output.message(what + " rule '" + rule.getId() + "'");
    }
  }

  @Command(
      name = "rule",
      aliases = "rules",
      mixinStandardHelpOptions = true,
      description = {"Delete a rule.", "Example: aloft auth delete rule no-writes"})
  static final class DeleteRule extends PlatformCommand {
    @Parameters(paramLabel = "ID", description = "Rule id.")
    String id;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      platform
          .unary(RulesGrpc::newBlockingStub)
          .delete(DeleteRuleRequest.newBuilder().setId(id).build());
      if (output.format() == OutputFormat.json) {
        output.json(Map.of("id", id, "deleted", true));
      } else {
        output.message("deleted rule '" + id + "'");
      }
    }
  }

  @Command(
      name = "rule",
      aliases = "rules",
      mixinStandardHelpOptions = true,
      description = {
        "Change a rule: what is given replaces, the rest stays. The platform has no update call:"
            + " the rule is deleted and created again (and restored if that fails).",
        "Example: aloft auth update rule no-writes --priority 30"
      })
  static final class UpdateRule extends PlatformCommand {
    @Parameters(paramLabel = "ID", description = "Rule id.")
    String id;

    @Option(names = "--resource", paramLabel = "TYPE:NAME:ENDPOINT", description = "New resource.")
    String resource;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "New scope.")
    String scope;

    @Option(
        names = "--access",
        paramLabel = "ACCESS",
        description = "New access: ${COMPLETION-CANDIDATES}.")
    AccessArgument access;

    @Option(names = "--priority", paramLabel = "N", description = "New priority.")
    Integer priority;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      if (resource == null && scope == null && access == null && priority == null) {
        throw new CliException(
            ExitCodes.USAGE, "nothing to change: give --resource, --scope, --access or --priority");
      }
      Rule old =
          list(platform).stream()
              .filter(rule -> rule.getId().equals(id))
              .findFirst()
              .orElseThrow(
                  () ->
                      new CliException(
                          ExitCodes.NOT_FOUND,
                          "no rule '" + id + "' in this namespace (see: aloft auth list rules)"));
      Rule.Builder changed = old.toBuilder();
      if (resource != null) {
        changed.setResource(RuleResources.parse(resource));
      }
      if (scope != null) {
        changed.setScope(scope);
      }
      if (access != null) {
        changed.setAccess(access.toProto());
      }
      if (priority != null) {
        changed.setPriority(priority);
      }
      Rule rule = changed.build();
      var rules = platform.unary(RulesGrpc::newBlockingStub);
      rules.delete(DeleteRuleRequest.newBuilder().setId(id).build());
      try {
        platform
            .unary(RulesGrpc::newBlockingStub)
            .create(CreateRuleRequest.newBuilder().setRule(rule).build());
      } catch (StatusRuntimeException e) {
        platform
            .unary(RulesGrpc::newBlockingStub)
            .create(CreateRuleRequest.newBuilder().setRule(old).build());
        throw e;
      }
      print(output, "updated", rule);
    }
  }
}
