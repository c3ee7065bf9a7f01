package dev.aloft.crds.generation;

import dev.aloft.crds.v1alpha1.AloftApi;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerationInfo;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build step that generates the CRDs ({@code apiextensions.k8s.io/v1}) of every class in {@link
 * AloftApi#CUSTOM_RESOURCES} into a directory, one {@code <plural>.aloft.dev-v1.yml} each.
 *
 * <p>On top of fabric8's generator it orders printer columns as their annotations are declared
 * (fabric8 sorts them by JSON path, which would put Age first).
 */
public final class CrdGeneration {

  /** Suffix of every CRD file name, after {@code <plural>.<group>}. */
  public static final String FILE_SUFFIX = "-v1.yml";

  private CrdGeneration() {}

  /** {@code CrdGeneration <output directory>}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException(
          "usage: CrdGeneration <output directory>, got " + args.length + " arguments");
    }
    List<Path> written = generate(Path.of(args[0]));
    written.forEach(file -> System.out.println("[aloft] generated " + file));
  }

  /**
   * Writes the CRDs into {@code outputDirectory} (created if missing), after removing CRD files
   * left there by an earlier run, and returns the files written, sorted.
   */
  public static List<Path> generate(Path outputDirectory) {
    try {
      Files.createDirectories(outputDirectory);
      try (Stream<Path> old = Files.list(outputDirectory)) {
        for (Path file : old.filter(CrdGeneration::isCrdFile).toList()) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + outputDirectory, e);
    }
    @SuppressWarnings("unchecked")
    Class<? extends HasMetadata>[] classes =
        AloftApi.CUSTOM_RESOURCES.toArray(new Class[AloftApi.CUSTOM_RESOURCES.size()]);
    CRDGenerationInfo info =
        new CRDGenerator()
            .customResourceClasses(classes)
            .forCRDVersions("v1")
            .withParallelGenerationEnabled(false)
            .withPostProcessor(new DeclaredPrinterColumnOrder())
            .inOutputDir(outputDirectory.toFile())
            .detailedGenerate();
    List<Path> written = new ArrayList<>();
    info.getCRDDetailsPerNameAndVersion()
        .values()
        .forEach(
            versions -> versions.values().forEach(crd -> written.add(Path.of(crd.getFilePath()))));
    written.sort(Comparator.naturalOrder());
    if (written.size() != AloftApi.CUSTOM_RESOURCES.size()) {
      throw new IllegalStateException(
          "expected one CRD per custom resource class "
              + AloftApi.CUSTOM_RESOURCES
              + ", generated "
              + written);
    }
    return written;
  }

  /** Whether {@code file} is named like a generated CRD. */
  public static boolean isCrdFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith("." + AloftApi.GROUP + FILE_SUFFIX);
  }

  /** Reorders each version's printer columns to the declaration order of the annotations. */
  static final class DeclaredPrinterColumnOrder implements CRDPostProcessor {

    @Override
    public HasMetadata process(HasMetadata resource, String crdSpecVersion) {
      if (!(resource instanceof CustomResourceDefinition crd)) {
        throw new IllegalStateException(
            "expected an apiextensions.k8s.io/v1 CRD, got " + resource.getClass().getName());
      }
      List<String> declared =
          Stream.of(
                  resourceClass(crd.getMetadata().getName())
                      .getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        List<CustomResourceColumnDefinition> columns =
            new ArrayList<>(version.getAdditionalPrinterColumns());
        for (CustomResourceColumnDefinition column : columns) {
          if (!declared.contains(column.getName())) {
            throw new IllegalStateException(
                "printer column "
                    + column.getName()
                    + " of "
                    + crd.getMetadata().getName()
                    + " is not declared with @AdditionalPrinterColumn on its class");
          }
        }
        columns.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
        version.setAdditionalPrinterColumns(columns);
      }
      return crd;
    }

    private static Class<? extends CustomResource<?, ?>> resourceClass(String crdName) {
      return AloftApi.CUSTOM_RESOURCES.stream()
          .filter(type -> CustomResource.getCRDName(type).equals(crdName))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no custom resource class for " + crdName));
    }
  }
}
