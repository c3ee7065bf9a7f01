package dev.aloft.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** What one {@code ./aloft ...} run did: exit code, standard output and standard error. */
public record CliResult(List<String> args, int exitCode, String out, String err) {

  public CliResult assertOk() {
    assertThat(exitCode).as(describe()).isZero();
    return this;
  }

  /**
   * Asserts a failure with CODE: one line on stderr (usage errors add where to find help), and
   * nothing like a stack trace.
   */
  public CliResult assertFails(int code) {
    assertThat(exitCode).as(describe()).isEqualTo(code);
    List<String> lines = err.lines().toList();
    assertThat(lines).as(describe()).isNotEmpty();
    assertThat(lines.get(0)).as(describe()).startsWith("aloft: ");
    assertThat(lines.subList(1, lines.size()))
        .as(describe())
        .allSatisfy(line -> assertThat(line).matches("See 'aloft .*--help'\\."));
    assertThat(err).as(describe()).doesNotContain("\tat ");
    return this;
  }

  public String describe() {
    return "aloft " + String.join(" ", args) + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
