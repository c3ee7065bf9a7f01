package dev.aloft.cli.store;

import com.google.protobuf.ByteString;
import dev.aloft.api.store.v1.DatabasesRequest;
import dev.aloft.api.store.v1.DeleteOptions;
import dev.aloft.api.store.v1.DeleteRequest;
import dev.aloft.api.store.v1.ListOptions;
import dev.aloft.api.store.v1.ListRequest;
import dev.aloft.api.store.v1.ListResponse;
import dev.aloft.api.store.v1.ReadOptions;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.Record;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.api.store.v1.TablesRequest;
import dev.aloft.api.store.v1.WriteOptions;
import dev.aloft.api.store.v1.WriteRequest;
import dev.aloft.cli.CliException;
import dev.aloft.cli.CommandGroup;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.connect.PlatformCommand;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.output.Output;
import dev.aloft.cli.output.OutputFormat;
import dev.aloft.cli.time.TimeArguments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aloft store}: records (key, value) in tables, tables in databases. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = {
      "Read and write the namespace's key-value store.",
      "The database defaults to the namespace's own (others: <namespace>.<name>); the table to"
          + " 'default' for users, the service's name for services."
    },
    subcommands = {
      StoreCommand.Read.class,
      StoreCommand.Write.class,
      StoreCommand.Delete.class,
      StoreCommand.ListKeys.class,
      StoreCommand.Databases.class,
      StoreCommand.Tables.class
    })
public final class StoreCommand extends CommandGroup {

  /** -d/--database and -t/--table, shared by the commands on records. */
  static final class Location {
    @Option(
        names = {"-d", "--database"},
        paramLabel = "DATABASE",
        description = "Database (default: the namespace's own).")
    String database = "";

    @Option(
        names = {"-t", "--table"},
        paramLabel = "TABLE",
        description = "Table (default: 'default' for users, the service's name for services).")
    String table = "";
  }

  static long notNegative(String option, long value) {
    if (value < 0) {
      throw new CliException(ExitCodes.USAGE, option + ": must be 0 or more, not " + value);
    }
    return value;
  }

  @Command(
      name = "read",
      mixinStandardHelpOptions = true,
      description = {
        "Print the value of the record with KEY; with --prefix and/or --suffix, every record whose"
            + " key starts and/or ends with KEY.",
        "Examples: aloft store read greeting ; aloft store read -t orders --prefix order- --limit 10"
      })
  static final class Read extends PlatformCommand {
    @Parameters(
        arity = "0..1",
        paramLabel = "KEY",
        description = "Key, or with --prefix/--suffix what keys start/end with.")
    String key = "";

    @picocli.CommandLine.Mixin Location location;

    @Option(names = "--prefix", description = "Match KEY as a prefix.")
    boolean prefix;

    @Option(names = "--suffix", description = "Match KEY as a suffix.")
    boolean suffix;

    @Option(names = "--limit", paramLabel = "N", description = "At most N records (0: all).")
    long limit;

    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N matches.")
    long offset;

    @Option(
        names = {"-v", "--verbose"},
        description = "Print key, value, expiry and metadata, not only the value.")
    boolean verbose;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      boolean matching = prefix || suffix;
      if (!matching && key.isEmpty()) {
        throw new CliException(ExitCodes.USAGE, "KEY is required (or give --prefix or --suffix)");
      }
      if (!matching && (limit != 0 || offset != 0)) {
        throw new CliException(ExitCodes.USAGE, "--limit and --offset need --prefix or --suffix");
      }
      List<Record> records =
          platform
              .unary(StoreGrpc::newBlockingStub)
              .read(
                  ReadRequest.newBuilder()
                      .setKey(key)
                      .setOptions(
                          ReadOptions.newBuilder()
                              .setDatabase(location.database)
                              .setTable(location.table)
                              .setPrefix(prefix)
                              .setSuffix(suffix)
                              .setLimit(notNegative("--limit", limit))
                              .setOffset(notNegative("--offset", offset)))
                      .build())
              .getRecordsList();
      if (output.format() == OutputFormat.json) {
        output.json(records.stream().map(StoreRecords::toJson).toList());
      } else if (!matching && !verbose) {
        records.forEach(record -> output.message(StoreRecords.valueText(record.getValue())));
      } else {
        output.rows(
            verbose ? List.of("key", "value", "expiry", "metadata") : List.of("key", "value"),
            records.stream().map(record -> StoreRecords.row(record, verbose)).toList());
      }
    }
  }

  @Command(
      name = "write",
      mixinStandardHelpOptions = true,
      description = {
        "Write (create or replace) the record KEY with VALUE.",
        "Examples: aloft store write greeting hello ; aloft store write -t sessions s1 '{}' --ttl 30m"
      })
  static final class Write extends PlatformCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "Key.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "Value (stored as UTF-8 bytes).")
    String value;

    @picocli.CommandLine.Mixin Location location;

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        converter = TimeArguments.DurationConverter.class,
        description = "Expire after this long: 90 (seconds), 30s, 5m, 2h, 1d.")
    Duration ttl;

    @Option(
        names = "--expiry",
        paramLabel = "TIME",
        converter = TimeArguments.InstantConverter.class,
        description = "Expire at this time: 2030-01-01T00:00:00Z or Unix seconds.")
    Instant expiry;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      if (ttl != null && expiry != null) {
        throw new CliException(ExitCodes.USAGE, "give either --ttl or --expiry, not both");
      }
      WriteOptions.Builder options =
          WriteOptions.newBuilder().setDatabase(location.database).setTable(location.table);
      if (ttl != null) {
        if (ttl.toSeconds() < 1) {
          throw new CliException(ExitCodes.USAGE, "--ttl: must be at least 1s, not " + ttl);
        }
        options.setTtl(ttl.toSeconds());
      }
      if (expiry != null) {
        options.setExpiry(expiry.getEpochSecond());
      }
      platform
          .unary(StoreGrpc::newBlockingStub)
          .write(
              WriteRequest.newBuilder()
                  .setRecord(
                      Record.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)))
                  .setOptions(options)
                  .build());
      if (output.format() == OutputFormat.json) {
        output.json(Map.of("key", key, "written", true));
      } else {
        output.message("wrote " + key);
      }
    }
  }

  @Command(
      name = "delete",
      aliases = "del",
      mixinStandardHelpOptions = true,
      description = {"Delete the record KEY.", "Example: aloft store delete -t sessions s1"})
  static final class Delete extends PlatformCommand {
    @Parameters(paramLabel = "KEY", description = "Key.")
    String key;

    @picocli.CommandLine.Mixin Location location;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      platform
          .unary(StoreGrpc::newBlockingStub)
          .delete(
              DeleteRequest.newBuilder()
                  .setKey(key)
                  .setOptions(
                      DeleteOptions.newBuilder()
                          .setDatabase(location.database)
                          .setTable(location.table))
                  .build());
      if (output.format() == OutputFormat.json) {
        output.json(Map.of("key", key, "deleted", true));
      } else {
        output.message("deleted " + key);
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the keys of a table, in ascending order.",
        "Example: aloft store list -t orders --prefix order- --limit 20 --offset 40"
      })
  static final class ListKeys extends PlatformCommand {
    @picocli.CommandLine.Mixin Location location;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only keys starting so.")
    String prefix = "";

    @Option(names = "--suffix", paramLabel = "SUFFIX", description = "Only keys ending so.")
    String suffix = "";

    @Option(names = "--limit", paramLabel = "N", description = "At most N keys (0: all).")
    long limit;

    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N keys.")
    long offset;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      Iterator<ListResponse> batches =
          platform
              .streaming(StoreGrpc::newBlockingStub)
              .withDeadlineAfter(
                  PlatformConnection.UNARY_DEADLINE_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
              .list(
                  ListRequest.newBuilder()
                      .setOptions(
                          ListOptions.newBuilder()
                              .setDatabase(location.database)
                              .setTable(location.table)
                              .setPrefix(prefix)
                              .setSuffix(suffix)
                              .setLimit(notNegative("--limit", limit))
                              .setOffset(notNegative("--offset", offset)))
                      .build());
      List<String> keys = new ArrayList<>();
      batches.forEachRemaining(batch -> keys.addAll(batch.getKeysList()));
      output.rows(List.of("key"), keys.stream().map(List::of).toList());
    }
  }

  @Command(
      name = "databases",
      mixinStandardHelpOptions = true,
      description = {
        "List the namespace's databases that hold records.",
        "Example: aloft store databases"
      })
  static final class Databases extends PlatformCommand {
    @Override
    protected void run(PlatformConnection platform, Output output) {
      List<String> databases =
          platform
              .unary(StoreGrpc::newBlockingStub)
              .databases(DatabasesRequest.getDefaultInstance())
              .getDatabasesList();
      output.rows(List.of("database"), databases.stream().map(List::of).toList());
    }
  }

  @Command(
      name = "tables",
      mixinStandardHelpOptions = true,
      description = {
        "List the tables of a database that hold records.",
        "Example: aloft store tables -d acme.archive"
      })
  static final class Tables extends PlatformCommand {
    @Option(
        names = {"-d", "--database"},
        paramLabel = "DATABASE",
        description = "Database (default: the namespace's own).")
    String database = "";

    @Override
    protected void run(PlatformConnection platform, Output output) {
      List<String> tables =
          platform
              .unary(StoreGrpc::newBlockingStub)
              .tables(TablesRequest.newBuilder().setDatabase(database).build())
              .getTablesList();
      output.rows(List.of("table"), tables.stream().map(List::of).toList());
    }
  }
}
