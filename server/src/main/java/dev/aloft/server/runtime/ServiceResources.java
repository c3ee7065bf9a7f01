package dev.aloft.server.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import dev.aloft.api.runtime.v1.CreateOptions;
import dev.aloft.api.runtime.v1.Service;
import dev.aloft.builder.InvalidSourceException;
import dev.aloft.builder.SourceRef;
import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceSpec;
import dev.aloft.crds.v1alpha1.AloftServiceStatus;
import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ServiceEnvVar;
import dev.aloft.crds.v1alpha1.ServiceSource;
import dev.aloft.crds.v1alpha1.ValidationPatterns;
import dev.aloft.tenant.TenantLabels;
import dev.aloft.tenant.TenantNames;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The runtime's services as Aloft {@code Service} custom resources, both ways (pure: no API
 * server): what Create asks for becomes a resource in the tenant's namespace {@code
 * aloft-<namespace>}, built from git by the operator; a resource, with its pods, becomes what Read
 * answers. See docs/runtime.md, "On Kubernetes".
 */
public final class ServiceResources {

  /** Label on the resources the server makes: {@code app.kubernetes.io/managed-by}. */
  public static final String MANAGED_BY_SERVER = "aloft-server";

  /** When the service was last created or updated through the runtime (RFC 3339). */
  public static final String UPDATED_ANNOTATION = "aloft.dev/updated";

  /** The runtime service's free-form metadata, a JSON object. */
  public static final String METADATA_ANNOTATION = "aloft.dev/runtime-metadata";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ServiceResources() {}

  /** The Kubernetes namespace of the runtime namespace (the tenant) NAMESPACE. */
  public static String kubernetesNamespace(String namespace) {
    return TenantNames.PREFIX + namespace;
  }

  /**
   * The resource for Create: {@code spec.source} from the git URL ({@code url[//path][@ref]}),
   * {@code spec.environment} ENVIRONMENT, the env vars and instances of OPTIONS; labelled with
   * LABELS, the tenant and managed-by; annotated with NOW and the metadata.
   *
   * @throws InvalidRuntimeRequestException naming the field that a cluster cannot take
   */
  public static AloftService desired(
      String namespace,
      Service service,
      CreateOptions options,
      String environment,
      Map<String, String> labels,
      Instant now) {
    ServiceRequests.check(service, options);
    checkKubernetesName(service.getName());
    if (!service.getVersion().isEmpty() && !service.getVersion().equals("latest")) {
      throw new InvalidRuntimeRequestException(
          "service.version",
          "'"
              + service.getVersion()
              + "': on the cluster a service registers as the version of its image (the"
              + " first 12 digits of its digest); leave the version out");
    }
    ServiceSource source = source(service.getSource());
    AloftServiceSpec spec = new AloftServiceSpec();
    spec.setEnvironment(environment);
    spec.setSource(source);
    spec.setReplicas(Math.max(1, options.getInstances()));
    if (!options.getEnvVarsMap().isEmpty()) {
      spec.setEnv(
          new TreeMap<>(options.getEnvVarsMap())
              .entrySet().stream()
                  .map(e -> new ServiceEnvVar(e.getKey(), e.getValue(), null))
                  .toList());
    }
    Map<String, String> allLabels = new LinkedHashMap<>(labels);
    allLabels.put(TenantLabels.TENANT, namespace);
    allLabels.put(TenantLabels.MANAGED_BY, MANAGED_BY_SERVER);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(UPDATED_ANNOTATION, now.toString());
    if (!service.getMetadataMap().isEmpty()) {
      try {
        annotations.put(
            METADATA_ANNOTATION, JSON.writeValueAsString(new TreeMap<>(service.getMetadataMap())));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    AloftService resource = new AloftService();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(service.getName())
            .withNamespace(kubernetesNamespace(namespace))
            .withLabels(allLabels)
            .withAnnotations(annotations)
            .build());
    resource.setSpec(spec);
    return resource;
  }

  /**
   * {@code spec.source} of a git URL; a folder, a {@code file://} repository and credentials in the
   * URL are refused, naming what to do instead.
   */
  static ServiceSource source(String given) {
    SourceRef ref;
    try {
      ref = SourceRef.parse(given);
    } catch (InvalidSourceException e) {
      throw new InvalidRuntimeRequestException("service.source", e.getMessage());
    }
    if (ref.isLocal() || ref.scheme().equals("file")) {
      throw new InvalidRuntimeRequestException(
          "service.source",
          "'"
              + given
              + "' is "
              + (ref.isLocal() ? "a folder" : "a repository on the server's machine")
              + "; on the cluster services are built from git: push it to a git server the"
              + " cluster reaches and run its URL (git-url[//path][@ref])");
    }
    if (ref.urlCredentials().isPresent()) {
      throw new InvalidRuntimeRequestException(
          "service.source",
          "'"
              + ref
              + "' carries credentials in its URL; the cluster reads git credentials only from a"
              + " Secret (spec.source.credentialsSecret of the Service resource, see"
              + " docs/crds.md)");
    }
    return new ServiceSource(
        ref.fetchUrl(), ref.ref().orElse(null), ref.subFolder().orElse(null), null);
  }

  static void checkKubernetesName(String name) {
    if (name.length() > ValidationPatterns.NAME_MAX_LENGTH
        || !name.matches(ValidationPatterns.KUBERNETES_NAME)) {
      throw new InvalidRuntimeRequestException(
          "service.name",
          "'"
              + name
              + "' cannot name a service on the cluster: lower case letters, digits and '-',"
              + " starting with a letter and ending with a letter or digit (it names its"
              + " Deployment and Kubernetes Service)");
    }
  }

  /**
   * The resource as Update leaves it: {@code spec.source.rebuildNonce} one more (the operator then
   * fetches the ref's newest commit and builds it), the update time NOW.
   *
   * @throws InvalidRuntimeRequestException when it is not built from source
   */
  public static AloftService rebuilt(AloftService resource, Instant now) {
    ServiceSource source = resource.getSpec().getSource();
    if (source == null) {
      throw new InvalidRuntimeRequestException(
          "service",
          "'"
              + resource.getMetadata().getName()
              + "' runs an image, not a source: change its spec.image (kubectl) instead");
    }
    Integer nonce = source.getRebuildNonce();
    source.setRebuildNonce(nonce == null ? 1 : nonce + 1);
    if (resource.getMetadata().getAnnotations() == null) {
      resource.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    resource.getMetadata().getAnnotations().put(UPDATED_ANNOTATION, now.toString());
    return resource;
  }

  /** The source as {@code aloft run} takes it: {@code git[//path][@ref]}. */
  static String sourceOf(AloftServiceSpec spec) {
    if (spec.getSource() == null) {
      return spec.getImage() != null ? spec.getImage() : "";
    }
    ServiceSource source = spec.getSource();
    return source.getGit()
        + (source.getPath() == null ? "" : "//" + source.getPath())
        + (source.getRef() == null ? "" : "@" + source.getRef());
  }

  /**
   * What Read answers for RESOURCE whose pods (labelled {@link AloftService#SERVICE_LABEL}) are
   * PODS: status and error from its conditions ({@link ServiceStatuses}), the commit it runs, the
   * replicas, restarts of its containers.
   */
  public static Service toService(AloftService resource, List<Pod> pods) {
    var meta = resource.getMetadata();
    AloftServiceSpec spec = resource.getSpec();
    AloftServiceStatus status = resource.getStatus();
    Service.Builder service =
        Service.newBuilder()
            .setName(meta.getName())
            .setVersion(version(status))
            .setSource(sourceOf(spec))
            .setStatus(ServiceStatuses.status(resource))
            .setError(ServiceStatuses.error(resource))
            .putAllMetadata(metadata(resource))
            .setInstances(spec.getReplicas() == null ? 1 : spec.getReplicas());
    if (status != null && status.getRevision() != null) {
      service.setRevision(status.getRevision());
    }
    if (spec.getSource() != null && spec.getSource().getRef() != null) {
      service.setRef(spec.getSource().getRef());
    }
    updated(resource).ifPresent(time -> service.setUpdated(timestamp(time)));
    ServiceStatuses.readySince(resource).ifPresent(time -> service.setStarted(timestamp(time)));
    int restarts = 0;
    for (Pod pod : pods) {
      if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
        for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
          restarts += container.getRestartCount() == null ? 0 : container.getRestartCount();
        }
      }
    }
    return service.setRestarts(restarts).build();
  }

  /**
   * The version the service's pods register as: as the operator sets {@code ALOFT_VERSION} for an
   * image pinned by digest, its first 12 hex digits; {@code latest} before there is an image.
   */
  static String version(AloftServiceStatus status) {
    if (status == null || status.getImage() == null) {
      return "latest";
    }
    String image = status.getImage();
    int digest = image.indexOf("@sha256:");
    if (digest >= 0 && image.length() >= digest + 8 + 12) {
      return image.substring(digest + 8, digest + 8 + 12);
    }
    return "latest";
  }

  /** When the service was last created or updated: the annotation, else its creation. */
  static Optional<Instant> updated(AloftService resource) {
    var meta = resource.getMetadata();
    String value =
        meta.getAnnotations() == null ? null : meta.getAnnotations().get(UPDATED_ANNOTATION);
    if (value == null) {
      value = meta.getCreationTimestamp();
    }
    return parse(value);
  }

  static Optional<Instant> parse(String time) {
    if (time == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> metadata(AloftService resource) {
    var annotations = resource.getMetadata().getAnnotations();
    String json = annotations == null ? null : annotations.get(METADATA_ANNOTATION);
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  static Timestamp timestamp(Instant time) {
    return Timestamp.newBuilder()
        .setSeconds(time.getEpochSecond())
        .setNanos(time.getNano())
        .build();
  }

  /** The condition of TYPE, if the operator wrote one. */
  static Optional<Condition> condition(AloftService resource, String type) {
    AloftServiceStatus status = resource.getStatus();
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
