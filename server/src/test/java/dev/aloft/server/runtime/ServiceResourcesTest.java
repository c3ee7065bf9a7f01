package dev.aloft.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.runtime.v1.CreateOptions;
import dev.aloft.api.runtime.v1.Service;
import dev.aloft.api.runtime.v1.Status;
import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceStatus;
import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import dev.aloft.crds.v1alpha1.ServiceEnvVar;
import dev.aloft.crds.v1alpha1.ServicePhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceResourcesTest {

  static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

  static Service service(String name, String source) {
    return Service.newBuilder().setName(name).setSource(source).build();
  }

  static AloftService desired(Service service, CreateOptions options) {
    return ServiceResources.desired(
        "acme", service, options, "dev", Map.of("aloft.dev/test", "cr"), NOW);
  }

  @Test
  void aGitUrlBecomesTheSourceOfAServiceInTheTenantsNamespace() {
    AloftService resource =
        desired(
            service("orders", "git://git.example/shop.git//services/orders@v1.2").toBuilder()
                .putMetadata("team", "shop")
                .build(),
            CreateOptions.newBuilder()
                .setInstances(2)
                .putEnvVars("ZONE", "eu")
                .putEnvVars("CURRENCY", "EUR")
                .build());

    assertThat(resource.getMetadata().getName()).isEqualTo("orders");
    assertThat(resource.getMetadata().getNamespace()).isEqualTo("aloft-acme");
    assertThat(resource.getMetadata().getLabels())
        .containsEntry("aloft.dev/test", "cr")
        .containsEntry("aloft.dev/tenant", "acme")
        .containsEntry("app.kubernetes.io/managed-by", "aloft-server");
    assertThat(resource.getMetadata().getAnnotations())
        .containsEntry(ServiceResources.UPDATED_ANNOTATION, "2026-01-31T12:00:00Z");
    var spec = resource.getSpec();
    assertThat(spec.getEnvironment()).isEqualTo("dev");
    assertThat(spec.getReplicas()).isEqualTo(2);
    assertThat(spec.getSource().getGit()).isEqualTo("git://git.example/shop.git");
    assertThat(spec.getSource().getPath()).isEqualTo("services/orders");
    assertThat(spec.getSource().getRef()).isEqualTo("v1.2");
    assertThat(spec.getSource().getRebuildNonce()).isNull();
    assertThat(spec.getEnv())
        .containsExactly(
            new ServiceEnvVar("CURRENCY", "EUR", null), new ServiceEnvVar("ZONE", "eu", null));

    Service read = ServiceResources.toService(resource, List.of());
    assertThat(read.getName()).isEqualTo("orders");
    assertThat(read.getSource()).isEqualTo("git://git.example/shop.git//services/orders@v1.2");
    assertThat(read.getRef()).isEqualTo("v1.2");
    assertThat(read.getMetadataMap()).containsExactly(Map.entry("team", "shop"));
    assertThat(read.getStatus()).isEqualTo(Status.PENDING);
    assertThat(read.getInstances()).isEqualTo(2);
    assertThat(read.getUpdated().getSeconds()).isEqualTo(NOW.getEpochSecond());
    assertThat(read.getVersion()).isEqualTo("latest");
  }

  @Test
  void oneInstanceWhenNoneIsAskedForAndNoEnvWithoutVariables() {
    AloftService resource =
        desired(
            service("orders", "https://git.example/shop.git"), CreateOptions.newBuilder().build());
    assertThat(resource.getSpec().getReplicas()).isEqualTo(1);
    assertThat(resource.getSpec().getEnv()).isNull();
    assertThat(resource.getSpec().getSource().getRef()).isNull();
    assertThat(resource.getSpec().getSource().getPath()).isNull();
  }

  @Test
  void whatACannotBuildIsRefusedNamingTheField() {
    CreateOptions none = CreateOptions.getDefaultInstance();
    assertThatThrownBy(() -> desired(service("orders", "/home/me/orders"), none))
        .isInstanceOf(InvalidRuntimeRequestException.class)
        .hasMessageStartingWith("service.source: '/home/me/orders' is a folder;")
        .hasMessageContaining("push it to a git server");
    assertThatThrownBy(() -> desired(service("orders", "file:///srv/git/shop.git"), none))
        .hasMessageStartingWith("service.source: 'file:///srv/git/shop.git' is a repository on");
    assertThatThrownBy(
            () -> desired(service("orders", "https://bob:token@git.example/shop.git"), none))
        .hasMessageStartingWith(
            "service.source: 'https://git.example/shop.git' carries credentials")
        .hasMessageNotContaining("token");
    assertThatThrownBy(() -> desired(service("orders", "git://git.example/shop.git@"), none))
        .hasMessageStartingWith("service.source: the ref after '@' is empty");
    assertThatThrownBy(() -> desired(service("Orders_1", "git://git.example/shop.git"), none))
        .hasMessageStartingWith("service.name: 'Orders_1' cannot name a service on the cluster");
    assertThatThrownBy(
            () ->
                desired(
                    service("orders", "git://git.example/shop.git").toBuilder()
                        .setVersion("2.0")
                        .build(),
                    none))
        .hasMessageStartingWith("service.version: '2.0'");
    assertThatThrownBy(
            () ->
                desired(
                    service("orders", "git://git.example/shop.git"),
                    CreateOptions.newBuilder().putEnvVars("ALOFT_X", "1").build()))
        .hasMessageStartingWith("options.env_vars[ALOFT_X]");
  }

  @Test
  void anUpdateCountsTheRebuildNonceUpAndStampsTheTime() {
    AloftService resource =
        desired(
            service("orders", "git://git.example/shop.git@main"),
            CreateOptions.newBuilder().build());
    Instant later = NOW.plusSeconds(60);

    ServiceResources.rebuilt(resource, later);
    assertThat(resource.getSpec().getSource().getRebuildNonce()).isEqualTo(1);
    ServiceResources.rebuilt(resource, later);
    assertThat(resource.getSpec().getSource().getRebuildNonce()).isEqualTo(2);
    assertThat(resource.getMetadata().getAnnotations())
        .containsEntry(ServiceResources.UPDATED_ANNOTATION, later.toString());

    AloftService image = new AloftService();
    image.setMetadata(resource.getMetadata());
    image.setSpec(new dev.aloft.crds.v1alpha1.AloftServiceSpec());
    image.getSpec().setImage("registry.example/orders:1");
    assertThatThrownBy(() -> ServiceResources.rebuilt(image, later))
        .isInstanceOf(InvalidRuntimeRequestException.class)
        .hasMessageContaining("runs an image, not a source");
  }

  @Test
  void aRunningResourceReadsAsRunningWithItsCommitImageVersionAndRestarts() {
    AloftService resource =
        desired(
            service("orders", "git://git.example/shop.git@main"),
            CreateOptions.newBuilder().build());
    resource.getMetadata().setGeneration(3L);
    AloftServiceStatus status = new AloftServiceStatus();
    status.setPhase(ServicePhase.RUNNING);
    status.setObservedGeneration(3L);
    status.setRevision("a".repeat(40));
    status.setImage("127.0.0.1:5000/aloft/acme/orders@sha256:" + "0123456789ab".repeat(5) + "0123");
    status.setConditions(
        List.of(
            new Condition(
                "Ready", ConditionStatus.TRUE, 3L, "2026-01-31T12:05:00Z", "Ready", "ok")));
    resource.setStatus(status);
    Pod pod =
        new PodBuilder()
            .withNewStatus()
            .addNewContainerStatus()
            .withRestartCount(2)
            .endContainerStatus()
            .endStatus()
            .build();

    Service read = ServiceResources.toService(resource, List.of(pod, pod));

    assertThat(read.getStatus()).isEqualTo(Status.RUNNING);
    assertThat(read.getRevision()).isEqualTo("a".repeat(40));
    assertThat(read.getVersion()).isEqualTo("0123456789ab");
    assertThat(read.getRestarts()).isEqualTo(4);
    assertThat(read.getStarted().getSeconds())
        .isEqualTo(Instant.parse("2026-01-31T12:05:00Z").getEpochSecond());
    assertThat(read.getError()).isEmpty();
  }
}
