package dev.aloft.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import org.junit.jupiter.api.Test;

class ConfigValueArgumentTest {

  @Test
  void jsonIsTakenAsIs() {
    assertThat(ConfigValueArgument.toJson("10")).isEqualTo("10");
    assertThat(ConfigValueArgument.toJson("true")).isEqualTo("true");
    assertThat(ConfigValueArgument.toJson("{\"pool\": 10}")).isEqualTo("{\"pool\": 10}");
    assertThat(ConfigValueArgument.toJson("\"text\"")).isEqualTo("\"text\"");
    assertThat(ConfigValueArgument.toJson("null")).isEqualTo("null");
  }

  @Test
  void plainTextBecomesAJsonString() {
    assertThat(ConfigValueArgument.toJson("localhost")).isEqualTo("\"localhost\"");
    assertThat(ConfigValueArgument.toJson("1.2.3")).isEqualTo("\"1.2.3\"");
    assertThat(ConfigValueArgument.toJson("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
  }

  @Test
  void brokenJsonIsAnErrorNotAString() {
    assertThatThrownBy(() -> ConfigValueArgument.toJson("{\"pool\": 10"))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("VALUE: not valid JSON")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    assertThatThrownBy(() -> ConfigValueArgument.toJson("[1,2")).hasMessageStartingWith("VALUE");
    assertThatThrownBy(() -> ConfigValueArgument.toJson("")).hasMessageStartingWith("VALUE");
  }
}
