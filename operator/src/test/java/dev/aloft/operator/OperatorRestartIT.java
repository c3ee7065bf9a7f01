package dev.aloft.operator;

import static dev.aloft.operator.OperatorIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.operator.cluster.Backends;
import dev.aloft.operator.cluster.LocalCluster;
import dev.aloft.operator.cluster.TestImages;
import dev.aloft.operator.environment.EnvironmentReconciler;
import dev.aloft.operator.environment.RegistryProbe;
import dev.aloft.operator.identity.KeycloakRealms;
import dev.aloft.operator.partition.EtcdPartitions;
import dev.aloft.operator.partition.JetStreamPartitions;
import dev.aloft.operator.partition.PostgresPartitions;
import dev.aloft.operator.service.ServiceReconciler;
import dev.aloft.operator.status.ResourceEvents;
import dev.aloft.operator.tenant.TenantReconciler;
import dev.aloft.tenant.BackendPrefixes;
import dev.aloft.tenant.PlatformSettings;
import dev.aloft.tenant.TenantEtcdPartition;
import io.etcd.jetcd.ByteSequence;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/**
 * The operator stopped in the middle of bringing up a tenant and its service (namespace and
 * Deployment made, pods not yet available) and started again as a new operator converges to the
 * same state: the same objects, one of each, the same credentials, one finalizer, all Ready.
 */
@QuarkusTest
@TestProfile(OperatorRestartIT.OwnApplication.class)
@QuarkusTestResource(value = LocalCluster.class, restrictToAnnotatedClass = true)
class OperatorRestartIT {

  /** Its own application, so that the operator stopped here is never reused by another IT. */
  public static class OwnApplication implements QuarkusTestProfile {}

  static final String TENANT = "it-restart";
  static final String NAMESPACE = "aloft-" + TENANT;
  static final String ENVIRONMENT = "it-restart-dev";

  @Inject Operator operator;
  @Inject PlatformSettings platform;
  @Inject KeycloakRealms realms;
  @Inject BackendPrefixes prefixes;
  @Inject EtcdPartitions etcd;
  @Inject PostgresPartitions postgres;
  @Inject JetStreamPartitions jetStream;
  @Inject RegistryProbe registry;
  @Inject Keycloak keycloak;
  @Inject dev.aloft.operator.service.BuildSettings buildSettings;

  @Test
  void aRestartedOperatorConvergesToTheSameState() throws Exception {
    String digest = TestImages.push(OperatorIT.REGISTRY + "/restart:v1", "restart-v1");
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      client.resources(Tenant.class).withName(TENANT).delete();
      client.resources(Environment.class).withName(ENVIRONMENT).delete();
      await("previous namespace gone", () -> client.namespaces().withName(NAMESPACE).get() == null);

      client.resource(OperatorIT.environment(ENVIRONMENT, List.of(TENANT), 1)).create();
      client.resource(TenantPartitionsIT.tenant(TENANT)).create();
      AloftService restart = OperatorIT.service("restart", ENVIRONMENT);
      restart.getMetadata().setNamespace(NAMESPACE);
      restart.getSpec().setImage("restart:v1");
      // the namespace appears with the tenant's first dependent; the service waits for it
      await("namespace made", () -> client.namespaces().withName(NAMESPACE).get() != null);
      client.resource(restart).create();
      await(
          "Deployment made",
          () ->
              client.apps().deployments().inNamespace(NAMESPACE).withName("restart").get() != null);

      // Stop in the middle: the Deployment exists, its pods are not yet available (the readiness
      // probe waits 2 s after the container starts; the Deployment was seen within 1 s).
      operator.stop();
      assertThat(
              OperatorIT.ready(
                  client
                      .resources(AloftService.class)
                      .inNamespace(NAMESPACE)
                      .withName("restart")
                      .get()))
          .as("service not Ready yet when the operator stopped")
          .isFalse();
      Deployment before =
          client.apps().deployments().inNamespace(NAMESPACE).withName("restart").get();
      String secretBefore = accountSecret(client);

      Operator restarted =
          new Operator(
              o ->
                  o.withKubernetesClient(new KubernetesClientBuilder().build())
                      .withCloseClientOnStop(true)
                      .withSSABasedCreateUpdateMatchForDependentResources(false)
                      .withUseSSAToPatchPrimaryResource(false));
      try {
        KubernetesClient operatorClient = restarted.getKubernetesClient();
        ResourceEvents events = new ResourceEvents(operatorClient);
        restarted.register(
            new TenantReconciler(platform, realms, events, prefixes, etcd, postgres, jetStream));
        restarted.register(
            new ServiceReconciler(
                operatorClient, realms, events, platform, Optional.empty(), buildSettings));
        restarted.register(new EnvironmentReconciler(registry, events));
        restarted.start();

        await(
            "tenant Ready",
            () -> OperatorIT.ready(client.resources(Tenant.class).withName(TENANT).get()));
        await("service Ready on v1", () -> runs(client, digest));

        Deployment after =
            client.apps().deployments().inNamespace(NAMESPACE).withName("restart").get();
        assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
        assertThat(after.getMetadata().getGeneration())
            .isEqualTo(before.getMetadata().getGeneration());
        assertThat(accountSecret(client)).isEqualTo(secretBefore);
        assertThat(
                client.apps().replicaSets().inNamespace(NAMESPACE).list().getItems().stream()
                    .filter(r -> r.getMetadata().getName().startsWith("restart-"))
                    .toList())
            .hasSize(1);
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
        assertThat(
                client.secrets().inNamespace(NAMESPACE).withName("restart-aloft-credentials").get())
            .isNotNull();
        Tenant tenant = client.resources(Tenant.class).withName(TENANT).get();
        assertThat(tenant.getMetadata().getFinalizers()).hasSize(1);
        assertThat(
                client
                    .resources(AloftService.class)
                    .inNamespace(NAMESPACE)
                    .withName("restart")
                    .get()
                    .getMetadata()
                    .getFinalizers())
            .hasSize(1);
        assertThat(client.namespaces().withName(NAMESPACE).get().getMetadata().getOwnerReferences())
            .hasSize(1);
        assertThat(client.network().v1().networkPolicies().inNamespace(NAMESPACE).list().getItems())
            .hasSize(4);
        assertThat(keycloak.realms().findAll())
            .filteredOn(r -> r.getRealm().equals(NAMESPACE))
            .hasSize(1);
        assertThat(keycloak.realm(NAMESPACE).clients().findByClientId("service-restart"))
            .hasSize(1);
        try (var etcdClient = Backends.etcd()) {
          String marker = TenantEtcdPartition.desired(tenant, prefixes).markerKey();
          assertThat(
                  etcdClient
                      .getKVClient()
                      .get(ByteSequence.from(marker, StandardCharsets.UTF_8))
                      .get(10, TimeUnit.SECONDS)
                      .getCount())
              .isEqualTo(1);
        }

        client.resources(Tenant.class).withName(TENANT).delete();
        client.resources(Environment.class).withName(ENVIRONMENT).delete();
        await("namespace gone", () -> client.namespaces().withName(NAMESPACE).get() == null);
        await("tenant gone", () -> client.resources(Tenant.class).withName(TENANT).get() == null);
      } finally {
        restarted.stop();
      }
    }
  }

  private static boolean runs(KubernetesClient client, String digest) {
    AloftService s =
        client.resources(AloftService.class).inNamespace(NAMESPACE).withName("restart").get();
    return OperatorIT.ready(s)
        && s.getStatus().getImage() != null
        && s.getStatus().getImage().endsWith("@" + digest);
  }

  private static String accountSecret(KubernetesClient client) {
    return client
        .secrets()
        .inNamespace(NAMESPACE)
        .withName("restart-aloft-credentials")
        .get()
        .getData()
        .get("accountSecret");
  }
}
