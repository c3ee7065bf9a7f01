package dev.aloft.builder.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminationMessageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void successNamesTheImageByDigestAndTheCommit() throws Exception {
    String message =
        TerminationMessage.success("127.0.0.1:5000/acme/orders@sha256:abc", "0123456789abcdef");
    assertThat(message)
        .isEqualTo(
            "{\"image\":\"127.0.0.1:5000/acme/orders@sha256:abc\",\"commit\":\"0123456789abcdef\"}");
  }

  @Test
  void aShortFailureKeepsEverything() throws Exception {
    JsonNode node =
        parse(
            TerminationMessage.failure(
                "build",
                "the build 'mvn' failed with exit code 1:",
                List.of("[ERROR] Main.java:[5,53] ';' expected", "tab\there \"quoted\" \\ ü")));
    assertThat(node.get("phase").asText()).isEqualTo("build");
    assertThat(node.get("error").asText()).isEqualTo("the build 'mvn' failed with exit code 1:");
    assertThat(node.get("log").asText())
        .isEqualTo("[ERROR] Main.java:[5,53] ';' expected\ntab\there \"quoted\" \\ ü");
  }

  @Test
  void aLongOutputKeepsItsLastWholeLinesWithinTheLimit() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      lines.add("[INFO] line " + i + " with \"quotes\", a tab\t and ünïcödé " + "x".repeat(i % 40));
    }
    String message = TerminationMessage.failure("build", "failed with exit code 1", lines);

    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TerminationMessage.MAX_BYTES)
        .isGreaterThan(TerminationMessage.MAX_BYTES - 200);
    String log = parse(message).get("log").asText();
    assertThat(log).endsWith(lines.get(499));
    List<String> kept = List.of(log.split("\n"));
    assertThat(kept.size()).isGreaterThan(10);
    assertThat(lines).endsWith(kept.toArray(String[]::new));
  }

  @Test
  void oneHugeLineKeepsItsEnd() throws Exception {
    String huge = "a".repeat(3000) + "é".repeat(3000) + "THE END";
    String message = TerminationMessage.failure("build", "failed", List.of("first", huge));

    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TerminationMessage.MAX_BYTES);
    String log = parse(message).get("log").asText();
    assertThat(log).startsWith("…").endsWith("éTHE END").doesNotContain("first");
  }

  @Test
  void aHugeReasonIsCutSoTheTailStillHasRoom() throws Exception {
    String message =
        TerminationMessage.failure(
            "fetch", "cannot reach " + "\"x\"".repeat(2000), List.of("Fetching git://h/r.git"));

    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TerminationMessage.MAX_BYTES);
    JsonNode node = parse(message);
    assertThat(node.get("error").asText()).startsWith("cannot reach \"x\"").endsWith("…");
    assertThat(node.get("log").asText()).isEqualTo("Fetching git://h/r.git");
  }

  @Test
  void controlCharactersAreEscaped() throws Exception {
    String message = TerminationMessage.failure("build", "bell\u0007", List.of("esc\u001b[0m"));
    assertThat(message).contains("bell\\u0007").contains("esc\\u001b[0m");
    assertThat(parse(message).get("error").asText()).isEqualTo("bell\u0007");
  }

  private static JsonNode parse(String message) throws Exception {
    return JSON.readTree(message);
  }
}
