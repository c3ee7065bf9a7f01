package dev.aloft.cli.login;

import dev.aloft.cli.AloftCli;
import dev.aloft.cli.env.CliConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code aloft logout}: forgets the tokens stored for the current environment. */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = "Forget the login (tokens) stored for the current environment.")
public final class LogoutCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    AloftCli root = (AloftCli) spec.root().userObject();
    CliConfig config = root.config();
    String environment = config.currentName();
    if (config.credentials(environment).isEmpty()) {
      root.output().message("not logged in to environment '" + environment + "'");
      return;
    }
    config.clearCredentials(environment);
    config.save();
    root.output().message("logged out of environment '" + environment + "'");
  }
}
