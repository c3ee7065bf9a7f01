package dev.aloft.cli;

import dev.aloft.cli.auth.AuthCommand;
import dev.aloft.cli.call.CallCommand;
import dev.aloft.cli.call.DynamicCommands;
import dev.aloft.cli.config.ConfigCommand;
import dev.aloft.cli.env.CliConfig;
import dev.aloft.cli.env.EnvCommand;
import dev.aloft.cli.login.LoginCommand;
import dev.aloft.cli.login.LogoutCommand;
import dev.aloft.cli.login.UserCommand;
import dev.aloft.cli.output.Output;
import dev.aloft.cli.output.OutputFormat;
import dev.aloft.cli.registry.ServicesCommand;
import dev.aloft.cli.runtime.RuntimeCommands;
import dev.aloft.cli.store.StoreCommand;
import dev.aloft.cli.stream.StreamCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The `aloft` command line. `aloft server` is started by the launcher script, not from here. */
@Command(
    name = "aloft",
    mixinStandardHelpOptions = true,
    versionProvider = AloftCli.Version.class,
    description = "Aloft: the platform for backend services.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      EnvCommand.class,
      CallCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      UserCommand.class,
      ServicesCommand.class,
      RuntimeCommands.Run.class,
      RuntimeCommands.StatusCommand.class,
      RuntimeCommands.Logs.class,
      RuntimeCommands.Update.class,
      RuntimeCommands.Kill.class,
      ConfigCommand.class,
      StoreCommand.class,
      StreamCommand.class,
      AuthCommand.class,
      CompletionCommand.class
    },
    footer = {
      "",
      "Also: aloft server [--http-port N] [--grpc-port N] [--data-dir DIR]   start the platform server",
      "      aloft SERVICE ENDPOINT [--field value...]   call a registered service (aloft SERVICE --help)",
      "",
      "Exit codes: 0 ok, 1 failed, 2 bad usage, 3 not found, 4 denied (log in), 5 platform"
          + " unreachable, 6 already exists."
    })
public final class AloftCli implements Runnable {

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "table")
  OutputFormat format;

  private final Path configDir;
  private final Map<String, String> environmentVariables;
  private final PrintWriter out;

  AloftCli(Path configDir, Map<String, String> environmentVariables, PrintWriter out) {
    this.configDir = configDir;
    this.environmentVariables = Map.copyOf(environmentVariables);
    this.out = out;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    Map<String, String> variables = System.getenv();
    System.exit(execute(args, configDir(variables), variables, out, err));
  }

  /**
   * Runs one command line and returns its exit code; VARIABLES stand for the process environment
   * (ALOFT_TOKEN, ALOFT_NAMESPACE...).
   */
  public static int execute(
      String[] args,
      Path configDir,
      Map<String, String> variables,
      PrintWriter out,
      PrintWriter err) {
    CommandLine commandLine = new CommandLine(new AloftCli(configDir, variables, out));
    String command = firstCommand(args);
    if (command != null && !commandLine.getSubcommands().containsKey(command)) {
      try {
        DynamicCommands.addServiceCommand(commandLine, command, variables);
      } catch (CliException e) {
        err.println("aloft: " + e.getMessage());
        err.flush();
        return e.exitCode();
      }
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(
        (ex, cliArgs) -> {
          err.println("aloft: " + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          err.println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof CliException cli) {
            err.println("aloft: " + cli.getMessage());
            return cli.exitCode();
          }
          err.println("aloft: unexpected error: " + ex);
          if (variables.get("ALOFT_DEBUG") != null) {
            ex.printStackTrace(err);
          }
          return ExitCodes.FAILED;
        });
    return commandLine.execute(args);
  }

  /** The first argument that is not a global option (or its value): the command. */
  static String firstCommand(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-o") || args[i].equals("--output")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return args[i];
      } else if (!args[i].startsWith("-o") && !args[i].startsWith("--output=")) {
        return null;
      }
    }
    return null;
  }

  /** ALOFT_CONFIG_DIR, else ~/.aloft. */
  static Path configDir(Map<String, String> env) {
    String dir = env.get("ALOFT_CONFIG_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".aloft");
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "a command is needed, e.g. 'aloft env'");
  }

  /** The process environment (or what a test stands in for it). */
  public Map<String, String> environmentVariables() {
    return environmentVariables;
  }

  public CliConfig config() {
    return CliConfig.load(configDir);
  }

  public Output output() {
    return new Output(out, format);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AloftCli.class.getPackage().getImplementationVersion();
      return new String[] {"aloft " + (version == null ? "development build" : version)};
    }
  }
}
