package dev.aloft.builder.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What BuildJobMain does before it fetches anything: usage and wrong requests. */
class BuildJobMainTest {

  @TempDir Path temp;

  @Test
  void aWrongRequestExitsWithTwoAndSaysWhyInTheTerminationLog() throws Exception {
    Path log = temp.resolve("termination-log");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        BuildJobMain.run(
            List.of("--image", "r/a", "--termination-log", log.toString()),
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(Files.readString(log))
        .isEqualTo(
            "{\"phase\":\"request\",\"error\":\"no --git-url given (nor ALOFT_BUILD_GIT_URL in the"
                + " environment)\",\"log\":\"\"}");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Build job failed (request): no --git-url given");
  }

  @Test
  void aWrongSettingIsAWrongRequest() throws Exception {
    Path log = temp.resolve("termination-log");
    int code =
        BuildJobMain.run(
            List.of("--git-url", "git://h/r.git", "--image", "r/a"),
            Map.of(
                "ALOFT_BUILD_TERMINATION_LOG",
                log.toString(),
                "ALOFT_BUILDER_INSECURE_REGISTRY",
                "perhaps"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(Files.readString(log))
        .contains("ALOFT_BUILDER_INSECURE_REGISTRY='perhaps' is not true or false");
  }

  @Test
  void helpPrintsTheUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        BuildJobMain.run(
            List.of("--help"), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: BuildJobMain --git-url");
  }
}
