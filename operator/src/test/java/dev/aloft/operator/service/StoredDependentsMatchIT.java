package dev.aloft.operator.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.ContainerResources;
import dev.aloft.crds.v1alpha1.ServiceEnvVar;
import dev.aloft.operator.cluster.LocalCluster;
import dev.aloft.tenant.ComputeAmounts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.zjsonpatch.JsonDiff;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's dependents as the API server stores them still match what the operator wants, the
 * way the operator's dependents compare them (JOSDK's generic matcher, no server-side apply on
 * Kubernetes 1.20). An object the API server canonicalizes or defaults differently from our
 * builders would be updated on every reconcile: at a thousand services that is a thousand needless
 * updates per resync, each racing the controllers that write the same object.
 */
class StoredDependentsMatchIT {

  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void connect() throws Exception {
    Path kubeconfig = LocalCluster.kubeconfig();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build();
    namespace = "aloft-match-it-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  @AfterAll
  static void cleanUp() {
    if (client != null) {
      client.namespaces().withName(namespace).delete();
      client.close();
    }
  }

  private static ServicePlan plan(String name, ContainerResources resources, String pullSecret) {
    ServiceEnvVar own = new ServiceEnvVar();
    own.setName("GREETING");
    own.setValue("hello");
    return new ServicePlan(
        name,
        namespace,
        "acme",
        "dev",
        "127.0.0.1:5000/acme/echo:v1",
        0,
        resources,
        List.of(own),
        "acme.example",
        "aloft-server.aloft-system.svc:8082",
        pullSecret);
  }

  private static ContainerResources resources(String cpu, String memory) {
    ComputeResources requests = new ComputeResources();
    requests.setCpu(new Quantity(cpu));
    requests.setMemory(new Quantity(memory));
    ContainerResources resources = new ContainerResources();
    resources.setRequests(requests);
    resources.setLimits(requests);
    return resources;
  }

  @Test
  void aDeploymentWithoutResourcesOrPullSecretMatchesAsStored() {
    assertMatchesAsStored(ServiceDeployments.desired(plan("plain", null, null)));
  }

  @Test
  void aDeploymentWithResourcesAndAPullSecretMatchesAsStored() {
    assertMatchesAsStored(
        ServiceDeployments.desired(plan("sized", resources("100m", "128Mi"), "e30=")));
  }

  @Test
  void amountsTheApiServerRewritesStillMatch() {
    // stored as 500m and 128Mi: a value, not its text, is what the service asked for
    assertMatchesAsStored(
        ServiceDeployments.desired(plan("rewritten", resources("0.5", "134217728"), null)));
  }

  @Test
  void canonicalAmountsAreWhatTheApiServerStores() {
    List<String> given =
        List.of(
            "0.5",
            "0.1",
            "1.5",
            "100m",
            "2000m",
            "1",
            "1000",
            "1500",
            "1000M",
            "0",
            "0.0005",
            "0.0011",
            "128Mi",
            "1024Mi",
            "0.5Gi",
            "1.5Gi",
            "1Ki",
            "0.5Ki",
            "512Ki",
            "134217728",
            "1e3",
            "1000e3",
            "2G",
            "2.5",
            "250m",
            "1.25Gi",
            "3000Ki");
    // a LimitRange per amount (a ResourceQuota would take only whole numbers)
    for (int i = 0; i < given.size(); i++) {
      LimitRange stored =
          client
              .resource(
                  new LimitRangeBuilder()
                      .withNewMetadata()
                      .withName("amount-" + i)
                      .withNamespace(namespace)
                      .endMetadata()
                      .withNewSpec()
                      .addNewLimit()
                      .withType("Container")
                      .withMax(Map.of("cpu", new Quantity(given.get(i))))
                      .endLimit()
                      .endSpec()
                      .build())
              .create();
      assertThat(stored.getSpec().getLimits().get(0).getMax().get("cpu").toString())
          .as("%s as stored", given.get(i))
          .isEqualTo(ComputeAmounts.canonical(new Quantity(given.get(i))).toString());
    }
  }

  @Test
  void theCredentialsSecretMatchesAsStored() {
    assertMatchesAsStored(
        ServiceCredentialsSecrets.desired(
            plan("creds", null, null), new ServiceCredentials("creds", "s3cret")));
  }

  @Test
  void thePullSecretMatchesAsStored() {
    assertMatchesAsStored(ServicePullSecrets.desired(plan("pull", null, "e30=")));
  }

  @Test
  void theKubernetesServiceMatchesAsStored() {
    assertMatchesAsStored(ServiceKubernetesServices.desired(plan("svc", null, null)));
  }

  private static <R extends HasMetadata> void assertMatchesAsStored(R desired) {
    R stored = client.resource(desired).create();
    var result = GenericKubernetesResourceMatcher.match(desired, stored, false, false, context());
    Function<HasMetadata, com.fasterxml.jackson.databind.JsonNode> json =
        r ->
            client
                .getKubernetesSerialization()
                .convertValue(r, com.fasterxml.jackson.databind.JsonNode.class);
    assertThat(result.matched())
        .as(
            "%s %s as stored matches what the operator wants; differences: %s",
            desired.getKind(),
            desired.getMetadata().getName(),
            JsonDiff.asJson(json.apply(desired), json.apply(stored)))
        .isTrue();
  }

  @SuppressWarnings("unchecked")
  private static Context<AloftService> context() {
    return (Context<AloftService>)
        Proxy.newProxyInstance(
            StoredDependentsMatchIT.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getClient")) {
                return client;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
