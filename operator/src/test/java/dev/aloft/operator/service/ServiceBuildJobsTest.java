package dev.aloft.operator.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.ServiceSource;
import dev.aloft.crds.v1alpha1.TenantLimits;
import dev.aloft.crds.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceBuildJobsTest {

  /** SHA-256 of "git://git.example/shop.git\nv1\norders\nnull", first 10 hex digits. */
  static final String PLAIN_V1_HASH = "46016c2e9b";

  static final BuildSettings SETTINGS =
      new BuildSettings(
          "127.0.0.1:5000/aloft/runtime-builder:1",
          "127.0.0.1:5000/aloft/jre:17",
          true,
          "2",
          "2Gi",
          1800);

  static AloftService orders(String ref, String credentials) {
    AloftService orders = ServiceAdmissionTest.service("orders", "dev");
    orders
        .getSpec()
        .setSource(new ServiceSource("git://git.example/shop.git", ref, "orders", credentials));
    return orders;
  }

  static ServiceBuild build(AloftService service, TenantSpec tenant) {
    return ServiceBuildJobs.build(
        service, "acme", tenant, ServiceAdmissionTest.environment(null), SETTINGS);
  }

  @Test
  void theJobRunsTheBuilderOnceInTheTenantsNamespaceAndPushesToTheTenantsRepository() {
    ServiceBuild build = build(orders("v1", null), new TenantSpec());
    Job job = ServiceBuildJobs.desired(build);

    assertThat(job.getMetadata().getName()).matches("orders-build-[0-9a-f]{10}");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("aloft-acme");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNull();
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    assertThat(pod.getVolumes()).isEmpty();
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("127.0.0.1:5000/aloft/runtime-builder:1");
    assertThat(container.getArgs())
        .containsExactly(
            "--git-url", "git://git.example/shop.git",
            "--ref", "v1",
            "--path", "orders",
            "--image", "registry.example:5000/aloft/acme/orders:" + build.sourceHash());
    assertThat(container.getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly(
            "ALOFT_BUILDER_BASE_IMAGE=127.0.0.1:5000/aloft/jre:17",
            "ALOFT_BUILDER_INSECURE_REGISTRY=false");
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    // the tenant's default requests; the configured limits, within the tenant's maximum (2, 4Gi)
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(container.getResources().getLimits())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("2Gi"));
    // never selected by the service's Deployment or Kubernetes Service
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey(ServiceLabels.SERVICE)
        .containsEntry(ServiceBuildJobs.BUILD_OF, "orders");
  }

  @Test
  void limitsAreLoweredToTheTenantsMaximum() {
    TenantSpec tenant = new TenantSpec();
    TenantLimits limits = new TenantLimits();
    limits.setMax(ComputeResources.of("1", "1Gi"));
    limits.setDefaultLimit(ComputeResources.of("500m", "512Mi"));
    tenant.setLimits(limits);
    var container =
        ServiceBuildJobs.desired(build(orders("v1", null), tenant))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getResources().getLimits())
        .containsEntry("cpu", new Quantity("1"))
        .containsEntry("memory", new Quantity("1Gi"));
  }

  @Test
  void theTenantsAllowedSourceHostsGoToTheBuilder() {
    TenantSpec tenant = new TenantSpec();
    tenant.setAllowedSourceHosts(List.of("git.example", "*.acme.example"));
    var container =
        ServiceBuildJobs.desired(build(orders("v1", null), tenant))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("ALOFT_BUILDER_ALLOWED_HOSTS=git.example,*.acme.example");
  }

  @Test
  void gitCredentialsAreTheNamedSecretMountedAsAFolder() {
    Job job = ServiceBuildJobs.desired(build(orders("v1", "shop-git"), new TenantSpec()));
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).hasSize(1);
    assertThat(pod.getVolumes().get(0).getSecret().getSecretName()).isEqualTo("shop-git");
    var container = pod.getContainers().get(0);
    assertThat(container.getVolumeMounts().get(0).getMountPath())
        .isEqualTo(ServiceBuildJobs.GIT_CREDENTIALS_DIR);
    assertThat(container.getArgs())
        .containsSequence("--git-credentials", ServiceBuildJobs.GIT_CREDENTIALS_DIR);
  }

  @Test
  void aChangedSourceIsAnotherJobTheSameSourceTheSameJob() {
    String v1 = build(orders("v1", null), new TenantSpec()).jobName();
    assertThat(build(orders("v1", null), new TenantSpec()).jobName()).isEqualTo(v1);
    AloftService more = orders("v1", null);
    more.getSpec().setReplicas(5);
    assertThat(build(more, new TenantSpec()).jobName()).isEqualTo(v1);
    assertThat(
            List.of(
                build(orders("v2", null), new TenantSpec()).jobName(),
                build(orders("v1", "shop-git"), new TenantSpec()).jobName()))
        .doesNotContain(v1)
        .doesNotHaveDuplicates();
  }

  @Test
  void aRebuildNonceIsAnotherJobAndImageEachValueItsOwn() {
    ServiceBuild plain = build(orders("v1", null), new TenantSpec());
    AloftService first = orders("v1", null);
    first.getSpec().getSource().setRebuildNonce(1);
    AloftService again = orders("v1", null);
    again.getSpec().getSource().setRebuildNonce(1);
    AloftService second = orders("v1", null);
    second.getSpec().getSource().setRebuildNonce(2);

    ServiceBuild rebuild = build(first, new TenantSpec());

    assertThat(build(again, new TenantSpec()).jobName()).isEqualTo(rebuild.jobName());
    assertThat(
            List.of(plain.jobName(), rebuild.jobName(), build(second, new TenantSpec()).jobName()))
        .doesNotHaveDuplicates();
    assertThat(rebuild.image()).isNotEqualTo(plain.image()).endsWith(":" + rebuild.sourceHash());
    assertThat(ServiceBuildJobs.desired(rebuild).getMetadata().getLabels())
        .containsEntry(ServiceBuildJobs.SOURCE_HASH, rebuild.sourceHash());
    // without a nonce, the hash of git URL, ref, path and credentials Secret as before it existed
    assertThat(plain.sourceHash()).isEqualTo(PLAIN_V1_HASH);
  }

  @Test
  void aLongServiceNameIsShortenedToADnsLabel() {
    AloftService service = orders("v1", null);
    service.getMetadata().setName("a".repeat(60));
    String name = build(service, new TenantSpec()).jobName();
    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("a+-build-[0-9a-f]{10}");
  }
}
