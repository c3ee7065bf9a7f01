package dev.aloft.crds.compatibility;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.generation.CrdGeneration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs checked in at the module root are exactly those the build generated from the model:
 * first no incompatible change, then no difference at all.
 */
class CheckedInCrdsTest {

  static Path generatedDirectory() {
    return Path.of(requiredProperty("aloft.crds.generated"));
  }

  static Path checkedInDirectory() {
    return Path.of(requiredProperty("aloft.crds.checkedIn"));
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + name + " is not set; run the tests through Maven (crds/pom.xml)");
    }
    return value;
  }

  @Test
  void generatedCrdsAreCompatibleWithTheCheckedInOnes() {
    CrdComparison comparison =
        CrdComparison.of(
            CrdDirectory.read(checkedInDirectory()), CrdDirectory.read(generatedDirectory()));

    assertThat(comparison.incompatibleChanges())
        .as(
            "incompatible CRD changes; if intended, run %s %s and commit the CRDs",
            CrdComparison.REFRESH_COMMAND, CrdComparison.ACCEPT_INCOMPATIBLE_FLAG)
        .isEmpty();
  }

  @Test
  void checkedInCrdsAreExactlyTheGeneratedOnes() {
    CrdComparison comparison =
        CrdComparison.of(
            CrdDirectory.read(checkedInDirectory()), CrdDirectory.read(generatedDirectory()));

    assertThat(comparison.differences())
        .as(
            "checked-in CRDs differ from the model; run %s and commit the CRDs",
            CrdComparison.REFRESH_COMMAND)
        .isEmpty();
  }

  @Test
  void theModuleRootHoldsNoOtherManifestThanTheThreeCrds() throws IOException {
    // `kubectl apply -f crds/` applies every .yaml, .yml and .json file in the directory.
    List<String> manifests;
    try (Stream<Path> files = Files.list(checkedInDirectory())) {
      manifests =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.matches(".*[.](ya?ml|json)$"))
              .sorted()
              .toList();
    }

    assertThat(manifests)
        .containsExactly(
            "environments.aloft.dev-v1.yml",
            "services.aloft.dev-v1.yml",
            "tenants.aloft.dev-v1.yml")
        .allMatch(name -> CrdGeneration.isCrdFile(Path.of(name)));
  }
}
