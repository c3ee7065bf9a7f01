package dev.aloft.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The chart helm/aloft rendered by Helm itself (helm-java: Helm's Go code as a library), parsed
 * into fabric8 objects.
 */
final class RenderedChart {

  static final String RELEASE = "aloft";
  static final String NAMESPACE = "aloft-system";

  private final List<HasMetadata> objects;

  private RenderedChart(List<HasMetadata> objects) {
    this.objects = objects;
  }

  static Path chartDirectory() {
    return Path.of(requiredProperty("aloft.helm.chart"));
  }

  static Path repository() {
    return Path.of(requiredProperty("aloft.repo"));
  }

  static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + name + " is not set; run the tests through Maven (helm/pom.xml)");
    }
    return value;
  }

  /** The chart with its default values. */
  static RenderedChart withDefaults() {
    return with(Map.of());
  }

  /**
   * The chart with {@code values} (nested maps, as a values file holds them) over the defaults.
   *
   * @throws IllegalStateException with Helm's message when rendering fails
   */
  static RenderedChart with(Map<String, ?> values) {
    return new RenderedChart(parse(template(values)));
  }

  /** Helm's output for {@code values}: the manifests, or an exception with Helm's message. */
  static String template(Map<String, ?> values) {
    TemplateCommand template =
        new Helm(chartDirectory()).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (!values.isEmpty()) {
      template.withValuesFile(valuesFile(values));
    }
    return template.call();
  }

  private static Path valuesFile(Map<String, ?> values) {
    try {
      Path file = Files.createTempFile("aloft-helm-values", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, Serialization.asYaml(values));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<HasMetadata> parse(String manifests) {
    String list =
        "apiVersion: v1\nkind: List\nitems:\n"
            + String.join(
                "\n",
                java.util.Arrays.stream(manifests.split("(?m)^---\\s*$"))
                    .map(String::strip)
                    .filter(doc -> doc.lines().anyMatch(line -> line.startsWith("kind:")))
                    .map(RenderedChart::asListItem)
                    .toList());
    return Serialization.unmarshal(list, KubernetesList.class).getItems();
  }

  private static String asListItem(String document) {
    StringBuilder item = new StringBuilder();
    boolean first = true;
    for (String line : document.lines().filter(l -> !l.startsWith("#")).toList()) {
      item.append(first ? "- " : "  ").append(line).append('\n');
      first = false;
    }
    return item.toString();
  }

  List<HasMetadata> objects() {
    return objects;
  }

  <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
    return objects.stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst();
  }

  <T extends HasMetadata> T get(Class<T> kind, String name) {
    return find(kind, name)
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    kind.getSimpleName() + " " + name + " not rendered; rendered: " + names()));
  }

  <T extends HasMetadata> List<T> all(Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  List<String> names() {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  Deployment operator() {
    return get(Deployment.class, RELEASE + "-operator");
  }

  Deployment server() {
    return get(Deployment.class, RELEASE + "-server");
  }

  static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The container's environment as name to value; from a Secret: "secret:NAME/KEY". */
  static Map<String, String> env(Deployment deployment) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (EnvVar var : container(deployment).getEnv()) {
      String value =
          var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null
              ? "secret:"
                  + var.getValueFrom().getSecretKeyRef().getName()
                  + "/"
                  + var.getValueFrom().getSecretKeyRef().getKey()
              : var.getValue();
      if (env.put(var.getName(), value) != null) {
        throw new IllegalStateException(
            deployment.getMetadata().getName() + " sets " + var.getName() + " twice");
      }
    }
    return env;
  }
}
