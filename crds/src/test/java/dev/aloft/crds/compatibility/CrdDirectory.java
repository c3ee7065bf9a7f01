package dev.aloft.crds.compatibility;

import dev.aloft.crds.generation.CrdGeneration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The CRD files ({@code *.aloft.dev-v1.yml}) of one directory, by file name. */
public record CrdDirectory(Path directory, SortedMap<String, String> texts) {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** Reads every CRD file of {@code directory}; fails naming it when it does not exist. */
  public static CrdDirectory read(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("CRD directory " + directory + " does not exist");
    }
    SortedMap<String, String> texts = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(CrdGeneration::isCrdFile).toList()) {
        texts.put(file.getFileName().toString(), Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CRDs in " + directory, e);
    }
    return new CrdDirectory(directory, texts);
  }

  /** The parsed CRD of {@code fileName}; fails naming the file when it is no v1 CRD. */
  public CustomResourceDefinition definition(String fileName) {
    String text = texts.get(fileName);
    if (text == null) {
      throw new IllegalArgumentException("no " + fileName + " in " + directory);
    }
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(directory.resolve(fileName) + " is not valid YAML", e);
    }
    if (!(parsed instanceof CustomResourceDefinition crd)) {
      throw new IllegalArgumentException(
          directory.resolve(fileName) + " is no apiextensions.k8s.io/v1 CustomResourceDefinition");
    }
    return crd;
  }
}
