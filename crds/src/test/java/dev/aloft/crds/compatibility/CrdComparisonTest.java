package dev.aloft.crds.compatibility;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.generation.CrdGeneration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comparing directories of CRDs finds drift, missing and extra files, and incompatibilities. */
class CrdComparisonTest {

  @TempDir Path checkedIn;
  @TempDir Path generated;

  @Test
  void identicalDirectoriesHaveNoDifferences() throws IOException {
    CrdGeneration.generate(generated);
    CrdGeneration.generate(checkedIn);

    CrdComparison comparison = compare();

    assertThat(comparison.differences()).isEmpty();
    assertThat(comparison.incompatibleChanges()).isEmpty();
  }

  @Test
  void aCompatibleEditIsADifferenceNamingFileAndLine() throws IOException {
    CrdGeneration.generate(generated);
    CrdGeneration.generate(checkedIn);
    Path file = checkedIn.resolve("services.aloft.dev-v1.yml");
    Files.writeString(
        file, Files.readString(file).replace("Replicas ready to serve", "Replicas serving"));

    CrdComparison comparison = compare();

    assertThat(comparison.incompatibleChanges()).isEmpty();
    assertThat(comparison.differences())
        .singleElement()
        .asString()
        .startsWith("services.aloft.dev-v1.yml differs from the generated one, first at line ")
        .contains("checked in [- description: \"Replicas serving\"]")
        .contains("generated [- description: \"Replicas ready to serve\"]");
  }

  @Test
  void aFieldOnlyTheCheckedInCrdHasIsAnIncompatibleChange() throws IOException {
    CrdGeneration.generate(generated);
    CrdGeneration.generate(checkedIn);
    Path file = checkedIn.resolve("environments.aloft.dev-v1.yml");
    Files.writeString(
        file,
        Files.readString(file)
            .replace(
                "              domain:\n",
                "              legacyDomain:\n                type: \"string\"\n              domain:\n"));

    CrdComparison comparison = compare();

    assertThat(comparison.incompatibleChanges())
        .containsExactly("environments.aloft.dev v1alpha1 .spec.legacyDomain: field removed");
  }

  @Test
  void missingAndRemovedFilesAreNamed() throws IOException {
    CrdGeneration.generate(generated);
    CrdGeneration.generate(checkedIn);
    Files.delete(checkedIn.resolve("tenants.aloft.dev-v1.yml"));
    Files.copy(
        generated.resolve("services.aloft.dev-v1.yml"),
        checkedIn.resolve("widgets.aloft.dev-v1.yml"));

    CrdComparison comparison = compare();

    assertThat(comparison.differences())
        .containsExactlyInAnyOrder(
            "widgets.aloft.dev-v1.yml is checked in but no longer generated",
            "tenants.aloft.dev-v1.yml is generated but not checked in");
    assertThat(comparison.incompatibleChanges())
        .isEqualTo(List.of("widgets.aloft.dev-v1.yml: CRD removed (no longer generated)"));
  }

  private CrdComparison compare() {
    return CrdComparison.of(CrdDirectory.read(checkedIn), CrdDirectory.read(generated));
  }
}
