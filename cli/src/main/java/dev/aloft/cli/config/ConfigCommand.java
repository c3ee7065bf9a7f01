package dev.aloft.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aloft.api.config.v1.Change;
import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.ConfigGrpc.ConfigBlockingStub;
import dev.aloft.api.config.v1.DeleteRequest;
import dev.aloft.api.config.v1.GetRequest;
import dev.aloft.api.config.v1.GetResponse;
import dev.aloft.api.config.v1.HistoryRequest;
import dev.aloft.api.config.v1.Operation;
import dev.aloft.api.config.v1.Options;
import dev.aloft.api.config.v1.ReadRequest;
import dev.aloft.api.config.v1.ReadResponse;
import dev.aloft.api.config.v1.SetRequest;
import dev.aloft.api.config.v1.Value;
import dev.aloft.cli.CliException;
import dev.aloft.cli.CommandGroup;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.HelpOption;
import dev.aloft.cli.connect.PlatformCommand;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.output.Output;
import dev.aloft.cli.output.OutputFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aloft config}: the namespace's configuration, a JSON tree addressed by dot paths. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Read and change the namespace's configuration: JSON values at dot paths (a.b.c).",
      "Objects set at a path merge into what is there; every change is a new version."
    },
    subcommands = {
      ConfigCommand.Get.class,
      ConfigCommand.Set.class,
      ConfigCommand.Delete.class,
      ConfigCommand.History.class
    })
public final class ConfigCommand extends CommandGroup {

  static Options secretOption(boolean secret) {
    return Options.newBuilder().setSecret(secret).build();
  }

  static void printVersioned(Output output, String what, String path, long version) {
    if (output.format() == OutputFormat.json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("path", path);
      result.put("version", version);
      output.json(result);
    } else {
      output.message(what + " " + path + " (version " + version + ")");
    }
  }

  @Command(
      name = "get",
      description = {
        "Print the JSON value at PATH (without PATH: the whole configuration).",
        "Examples: aloft config get orders.db.pool ; aloft config get --secret orders.db.password"
      })
  static final class Get extends PlatformCommand {
    @Mixin HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "PATH", description = "Dot path, e.g. orders.db.")
    String path;

    @Option(names = "--secret", description = "Show secret values instead of \"[secret]\".")
    boolean secret;

    @Option(
        names = "--version",
        paramLabel = "N",
        description = "Read it as it was at version N (see history).")
    long version;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      if (version < 0) {
        throw new CliException(ExitCodes.USAGE, "--version: must be 1 or more, not " + version);
      }
      ConfigBlockingStub config = platform.unary(ConfigGrpc::newBlockingStub);
      String data;
      long at;
      if (path == null) {
        ReadResponse read =
            config.read(
                ReadRequest.newBuilder()
                    .setOptions(secretOption(secret))
                    .setVersion(version)
                    .build());
        data = read.getValue().getData();
        at = read.getVersion();
      } else {
        GetResponse got =
            config.get(
                GetRequest.newBuilder()
                    .setPath(path)
                    .setOptions(secretOption(secret))
                    .setVersion(version)
                    .build());
        data = got.getValue().getData();
        at = got.getVersion();
      }
      if (output.format() == OutputFormat.json) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("path", path == null ? "" : path);
        result.put("value", ConfigValueArgument.tree(data));
        result.put("version", at);
        output.json(result);
      } else {
        output.message(data);
      }
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = {
        "Set PATH to VALUE: JSON (10, true, '{\"pool\":10}', '\"text\"'), or plain text taken as"
            + " a string.",
        "Examples: aloft config set orders.db.pool 10 ; aloft config set --secret orders.db.password s3cret"
      })
  static final class Set extends PlatformCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "Dot path, e.g. orders.db.pool.")
    String path;

    @Parameters(index = "1", paramLabel = "VALUE", description = "JSON value, or plain text.")
    String value;

    @Option(
        names = "--secret",
        description = "Store it as a secret: encrypted at rest, shown as \"[secret]\".")
    boolean secret;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      String json = ConfigValueArgument.toJson(value);
      long version =
          platform
              .unary(ConfigGrpc::newBlockingStub)
              .set(
                  SetRequest.newBuilder()
                      .setPath(path)
                      .setValue(Value.newBuilder().setData(json).setFormat("json"))
                      .setOptions(secretOption(secret))
                      .build())
              .getVersion();
      printVersioned(output, secret ? "set secret" : "set", path, version);
    }
  }

  @Command(
      name = "del",
      aliases = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete the value at PATH and everything under it.",
        "Example: aloft config del orders.db"
      })
  static final class Delete extends PlatformCommand {
    @Parameters(paramLabel = "PATH", description = "Dot path.")
    String path;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      long version =
          platform
              .unary(ConfigGrpc::newBlockingStub)
              .delete(DeleteRequest.newBuilder().setPath(path).build())
              .getVersion();
      printVersioned(output, "deleted", path, version);
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = {
        "List the changes that touched PATH (at, under or above it), oldest first.",
        "Example: aloft config history orders.db --limit 5"
      })
  static final class History extends PlatformCommand {
    @Parameters(paramLabel = "PATH", description = "Dot path.")
    String path;

    @Option(names = "--secret", description = "Show secret values instead of \"[secret]\".")
    boolean secret;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "Only the N most recent changes (default: all).")
    int limit;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      if (limit < 0) {
        throw new CliException(ExitCodes.USAGE, "--limit: must be 0 or more, not " + limit);
      }
      List<Change> changes =
          platform
              .unary(ConfigGrpc::newBlockingStub)
              .history(
                  HistoryRequest.newBuilder()
                      .setPath(path)
                      .setOptions(secretOption(secret))
                      .setLimit(limit)
                      .build())
              .getChangesList();
      if (output.format() == OutputFormat.json) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Change change : changes) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("version", change.getVersion());
          item.put("time", time(change));
          item.put("operation", operation(change.getOperation()));
          item.put("path", change.getPath());
          JsonNode value =
              change.hasValue() ? ConfigValueArgument.tree(change.getValue().getData()) : null;
          item.put("value", value);
          item.put("secret", change.getSecret());
          result.add(item);
        }
        output.json(result);
        return;
      }
      output.rows(
          List.of("version", "time", "operation", "path", "value"),
          changes.stream()
              .map(
                  change ->
                      List.of(
                          Long.toString(change.getVersion()),
                          time(change),
                          operation(change.getOperation()),
                          change.getPath(),
                          change.hasValue() ? change.getValue().getData() : ""))
              .toList());
    }

    private static String time(Change change) {
      return Instant.ofEpochSecond(change.getTime().getSeconds(), change.getTime().getNanos())
          .toString();
    }

    private static String operation(Operation operation) {
      return switch (operation) {
        case OPERATION_SET -> "set";
        case OPERATION_DELETE -> "delete";
        default -> operation.name();
      };
    }
  }
}
