package dev.aloft.cli.env;

import dev.aloft.cli.AloftCli;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aloft env}: the platforms this CLI knows, and which one it talks to. */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    description = {
      "Manage environments: the platforms this CLI talks to.",
      "Without a subcommand, lists them. The built-in 'local' is " + CliConfig.LOCAL_ADDRESS + "."
    },
    subcommands = {
      EnvCommand.ListEnvironments.class,
      EnvCommand.GetEnvironment.class,
      EnvCommand.SetEnvironment.class,
      EnvCommand.AddEnvironment.class,
      EnvCommand.DeleteEnvironment.class
    })
public final class EnvCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    list(spec);
  }

  static AloftCli root(CommandSpec spec) {
    return (AloftCli) spec.root().userObject();
  }

  static void list(CommandSpec spec) {
    CliConfig config = root(spec).config();
    String current = config.currentName();
    root(spec)
        .output()
        .rows(
            List.of("name", "address", "current"),
            config.environments().stream()
                .map(
                    env ->
                        List.of(env.name(), env.address(), env.name().equals(current) ? "*" : ""))
                .toList());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List environments.")
  static final class ListEnvironments implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      list(spec);
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Print the current environment (or the one named).")
  static final class GetEnvironment implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Environment to show.")
    String name;

    @Override
    public void run() {
      CliConfig config = root(spec).config();
      Environment env = name == null ? config.current() : config.require(name);
      root(spec)
          .output()
          .rows(List.of("name", "address"), List.of(List.of(env.name(), env.address())));
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Make NAME the current environment.")
  static final class SetEnvironment implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Environment to use from now on.")
    String name;

    @Override
    public void run() {
      CliConfig config = root(spec).config();
      config.setCurrent(name);
      config.save();
      root(spec).output().message("current environment: " + name);
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add an environment: a name and the platform's gRPC address.")
  static final class AddEnvironment implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name, e.g. prod.")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "ADDRESS",
        description = "host:port (plaintext) or grpcs://host[:port] (TLS).")
    String address;

    @Override
    public void run() {
      CliConfig config = root(spec).config();
      config.add(name, address);
      config.save();
      root(spec).output().message("environment " + name + " added (" + address + ")");
    }
  }

  @Command(
      name = "del",
      aliases = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete an environment and the credentials stored for it.")
  static final class DeleteEnvironment implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Environment to delete.")
    String name;

    @Override
    public void run() {
      CliConfig config = root(spec).config();
      config.remove(name);
      config.save();
      root(spec)
          .output()
          .message("environment " + name + " deleted; current: " + config.currentName());
    }
  }
}
