package dev.aloft.cli.login;

import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A secret read from standard input ({@code --secret-stdin}): its first line, never echoed. */
public final class SecretInput {

  private SecretInput() {}

  /** The first line of IN; OPTION names the flag in errors. */
  public static String firstLine(InputStream in, String option) {
    try {
      String line =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new CliException(ExitCodes.USAGE, option + ": standard input was empty");
      }
      return line;
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILED, option + ": cannot read standard input: " + e.getMessage());
    }
  }
}
