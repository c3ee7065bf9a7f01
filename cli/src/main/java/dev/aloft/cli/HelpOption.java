package dev.aloft.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} alone, for a command with an option of its own named {@code --version} (as
 * Micro's {@code run} and {@code config get} have): mixinStandardHelpOptions would add {@code -V,
 * --version} too, and with the clash picocli stops treating {@code --help} as a request for help.
 */
public final class HelpOption {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
