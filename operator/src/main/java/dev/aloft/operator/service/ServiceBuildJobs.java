package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.ServiceSource;
import dev.aloft.crds.v1alpha1.TenantLimits;
import dev.aloft.crds.v1alpha1.TenantSpec;
import dev.aloft.tenant.ComputeAmounts;
import dev.aloft.tenant.TenantDefaults;
import dev.aloft.tenant.TenantLabels;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job that builds a service from spec.source: one run of the runtime-builder image's {@code
 * BuildJobMain} in the tenant's namespace, which fetches the source, builds it, pushes its image
 * and leaves {@code {"image":..,"commit":..}} or {@code {"phase":..,"error":..,"log":..}} in its
 * termination message (read by {@link ServiceBuildResults}).
 *
 * <p>No retries ({@code backoffLimit} 0: a build that failed fails the same way again); a deadline;
 * no {@code ttlSecondsAfterFinished}: the operator reads the finished Job's pod for as long as the
 * source is unchanged, and deletes a service's older build Jobs itself once the current one has
 * finished. Its pods carry {@value #BUILD_OF}, not the service's selector label, so neither the
 * Deployment nor the Kubernetes Service ever selects them.
 */
public final class ServiceBuildJobs {

  /** The container's name. */
  public static final String CONTAINER = "build";

  /** Label on a build Job and its pod: the service it builds. */
  public static final String BUILD_OF = AloftService.BUILD_OF_LABEL;

  /** Label on a build Job and its pod: the source hash. */
  public static final String SOURCE_HASH = "aloft.dev/source-hash";

  /** Where the git credentials Secret is mounted as a folder (files username, password). */
  public static final String GIT_CREDENTIALS_DIR = "/var/run/aloft/git-credentials";

  private ServiceBuildJobs() {}

  /**
   * The build of {@code service} (which has spec.source) for {@code tenant} in {@code environment}:
   * its image goes to {@code <environment registry>/<tenant>/<service>}; its container gets the
   * tenant's default requests and the configured limits, each lowered to the tenant's LimitRange
   * maximum.
   */
  public static ServiceBuild build(
      AloftService service,
      String tenant,
      TenantSpec tenantSpec,
      Environment environment,
      BuildSettings settings) {
    TenantSpec complete =
        TenantDefaults.complete(tenantSpec == null ? new TenantSpec() : tenantSpec);
    TenantLimits limits = complete.getLimits();
    var registry = environment.getSpec().getImageRegistry();
    String name = service.getMetadata().getName();
    return new ServiceBuild(
        name,
        service.getMetadata().getNamespace(),
        tenant,
        service.getSpec().getSource(),
        registry.getRepository() + "/" + tenant + "/" + name,
        Boolean.TRUE.equals(registry.getInsecure()),
        tenantSpec == null ? null : tenantSpec.getAllowedSourceHosts(),
        limits.getDefaultRequest(),
        new ComputeResources(
            lower(new Quantity(settings.cpu()), limits.getMax().getCpu()),
            lower(new Quantity(settings.memory()), limits.getMax().getMemory())),
        settings);
  }

  private static Quantity lower(Quantity wanted, Quantity max) {
    return wanted.getNumericalAmount().compareTo(max.getNumericalAmount()) > 0 ? max : wanted;
  }

  /** The Job {@link ServiceBuild#jobName()} in the tenant's namespace. */
  public static Job desired(ServiceBuild build) {
    ServiceSource source = build.source();
    List<String> args = new ArrayList<>(List.of("--git-url", source.getGit()));
    if (source.getRef() != null) {
      args.addAll(List.of("--ref", source.getRef()));
    }
    if (source.getPath() != null) {
      args.addAll(List.of("--path", source.getPath()));
    }
    args.addAll(List.of("--image", build.image()));
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    if (source.getCredentialsSecret() != null) {
      args.addAll(List.of("--git-credentials", GIT_CREDENTIALS_DIR));
      volumes.add(
          new VolumeBuilder()
              .withName("git-credentials")
              .withNewSecret()
              .withSecretName(source.getCredentialsSecret())
              .endSecret()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName("git-credentials")
              .withMountPath(GIT_CREDENTIALS_DIR)
              .withReadOnly(true)
              .build());
    }
    BuildSettings settings = build.settings();
    Map<String, String> labels = labels(build);
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("ALOFT_BUILDER_BASE_IMAGE", settings.baseImage(), null));
    env.add(
        new EnvVar(
            "ALOFT_BUILDER_INSECURE_REGISTRY", Boolean.toString(build.insecureRegistry()), null));
    if (!build.allowedSourceHosts().isEmpty()) {
      env.add(
          new EnvVar(
              "ALOFT_BUILDER_ALLOWED_HOSTS", String.join(",", build.allowedSourceHosts()), null));
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(build.jobName())
        .withNamespace(build.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(settings.deadlineSeconds())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withHostNetwork(settings.hostNetwork() ? Boolean.TRUE : null)
        .withDnsPolicy(settings.hostNetwork() ? "ClusterFirstWithHostNet" : null)
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .withVolumes(volumes)
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(settings.builderImage())
        .withArgs(args)
        .withEnv(env)
        .withVolumeMounts(mounts)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withNewResources()
        .withRequests(ComputeAmounts.of(build.requests()))
        .withLimits(ComputeAmounts.of(build.limits()))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The labels of a service's build Jobs and their pods. */
  static Map<String, String> labels(ServiceBuild build) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(BUILD_OF, build.service());
    labels.put(SOURCE_HASH, build.sourceHash());
    labels.put(TenantLabels.TENANT, build.tenant());
    labels.put("app.kubernetes.io/component", "build");
    labels.put(TenantLabels.MANAGED_BY, TenantLabels.OPERATOR);
    return labels;
  }
}
