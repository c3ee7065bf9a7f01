package dev.aloft.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Example resources through the generated schemas: every file in {@code examples/valid} passes,
 * every file in {@code examples/invalid} fails with the message its first line announces ({@code #
 * expect: <message>}).
 */
class CrdSchemaValidationTest {

  private static CrdSchemas schemas;

  @BeforeAll
  static void loadSchemas() {
    schemas = CrdSchemas.generated();
  }

  static Stream<Path> validExamples() {
    return examples("valid");
  }

  static Stream<Path> invalidExamples() {
    return examples("invalid");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void validExamplePasses(Path example) throws IOException {
    JsonNode resource = CrdSchemas.YAML.readTree(example.toFile());

    assertThat(schemas.validate(resource)).as(example.getFileName().toString()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void invalidExampleFailsForTheAnnouncedReason(Path example) throws IOException {
    String text = Files.readString(example);
    String firstLine = text.lines().findFirst().orElse("");
    assertThat(firstLine).as("first line of " + example).startsWith("# expect: ");
    String expected = firstLine.substring("# expect: ".length());

    List<String> messages = schemas.validate(CrdSchemas.YAML.readTree(text));

    assertThat(messages).as(example.getFileName().toString()).contains(expected);
  }

  @Test
  void everyKindHasValidAndInvalidExamples() {
    for (String kind : List.of("tenant-", "environment-", "service-")) {
      assertThat(validExamples().map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith(kind));
      assertThat(invalidExamples().map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith(kind));
    }
  }

  static Stream<Path> examples(String kind) {
    try {
      Path directory =
          Path.of(CrdSchemaValidationTest.class.getResource("/examples/" + kind).toURI());
      try (Stream<Path> files = Files.list(directory)) {
        return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
