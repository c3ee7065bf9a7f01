package dev.aloft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code aloft store}): run alone, it says which exist. */
public abstract class CommandGroup implements Runnable {

  @Spec protected CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "a subcommand is needed: "
            + String.join(
                ", ",
                spec.subcommands().values().stream()
                    .map(CommandLine::getCommandName)
                    .distinct()
                    .toList()));
  }
}
