package dev.aloft.operator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceSpec;
import dev.aloft.crds.v1alpha1.AloftServiceStatus;
import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.ContainerResources;
import dev.aloft.crds.v1alpha1.Environment;
import dev.aloft.crds.v1alpha1.EnvironmentSpec;
import dev.aloft.crds.v1alpha1.ImageRegistry;
import dev.aloft.crds.v1alpha1.Promotion;
import dev.aloft.crds.v1alpha1.ServiceEnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAdmissionTest {

  static final String DIGEST = "sha256:" + "ab".repeat(32);

  static Environment environment(List<String> allowed) {
    Environment environment = new Environment();
    environment.setMetadata(new ObjectMetaBuilder().withName("dev").build());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setImageRegistry(new ImageRegistry("registry.example:5000/aloft", null, null));
    spec.setDefaultReplicas(3);
    spec.setDefaultResources(
        new ContainerResources(
            ComputeResources.of("200m", "128Mi"), ComputeResources.of("1", null)));
    spec.setDomain("dev.example");
    spec.setAllowedTenants(allowed);
    environment.setSpec(spec);
    return environment;
  }

  static AloftService service(String name, String environment) {
    AloftService service = new AloftService();
    service.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("aloft-acme").build());
    AloftServiceSpec spec = new AloftServiceSpec();
    spec.setEnvironment(environment);
    service.setSpec(spec);
    return service;
  }

  @Test
  void environmentDefaultsFillWhatTheServiceLeavesOut() throws Exception {
    AloftService orders = service("orders", "dev");
    orders.getSpec().setImage("acme/orders:1");
    orders.getSpec().setResources(new ContainerResources(ComputeResources.of(null, "512Mi"), null));
    String image = ServiceAdmission.image(orders, environment(null), null);
    assertThat(image).isEqualTo("registry.example:5000/aloft/acme/orders:1");
    ServicePlan plan = ServiceDefaults.plan(orders, "acme", environment(null), image, SERVER, null);
    assertThat(plan.replicas()).isEqualTo(3);
    assertThat(plan.resources().getRequests()).isEqualTo(ComputeResources.of("200m", "512Mi"));
    assertThat(plan.resources().getLimits()).isEqualTo(ComputeResources.of("1", null));
    assertThat(plan.host()).isEqualTo("orders.acme.dev.example");

    orders.getSpec().setReplicas(0);
    assertThat(
            ServiceDefaults.plan(orders, "acme", environment(null), image, SERVER, null).replicas())
        .isZero();
  }

  @Test
  void environmentRefusesTenantsItDoesNotList() throws Exception {
    AloftService orders = service("orders", "dev");
    ServiceAdmission.requireEnvironmentAllows(orders, "acme", environment(List.of("*")));
    ServiceAdmission.requireEnvironmentAllows(orders, "acme", environment(List.of("acme")));
    assertThatThrownBy(
            () ->
                ServiceAdmission.requireEnvironmentAllows(
                    orders, "acme", environment(List.of("other"))))
        .isInstanceOf(ServiceRefusal.class)
        .hasMessageContaining("spec.environment")
        .hasMessageContaining("acme");
    assertThatThrownBy(() -> ServiceAdmission.requireEnvironmentAllows(orders, "acme", null))
        .hasMessageContaining("spec.environment: Environment dev does not exist");
  }

  @Test
  void promotionRunsTheDigestTheOtherEnvironmentRuns() throws Exception {
    AloftService prod = service("orders-prod", "prod");
    prod.getSpec().setPromotion(new Promotion("dev", "orders", DIGEST));
    AloftService dev = service("orders", "dev");
    dev.setStatus(new AloftServiceStatus());
    dev.getStatus().setImage("registry.example:5000/aloft/acme/orders@" + DIGEST);
    assertThat(ServiceAdmission.image(prod, environment(null), dev))
        .isEqualTo("registry.example:5000/aloft/acme/orders@" + DIGEST);

    prod.getSpec().setPromotion(new Promotion("dev", "orders", "sha256:" + "cd".repeat(32)));
    assertThatThrownBy(() -> ServiceAdmission.image(prod, environment(null), dev))
        .hasMessageStartingWith("spec.promotion.digest");
    prod.getSpec().setPromotion(new Promotion("staging", "orders", DIGEST));
    assertThatThrownBy(() -> ServiceAdmission.image(prod, environment(null), dev))
        .hasMessageStartingWith("spec.promotion.fromEnvironment");
    assertThatThrownBy(() -> ServiceAdmission.image(prod, environment(null), null))
        .hasMessageStartingWith("spec.promotion.service");
  }

  static final String SERVER = "aloft-server.aloft-system.svc:8081";

  static ServicePlan plan(String image, List<ServiceEnvVar> env, String pullSecret) {
    return new ServicePlan(
        "orders", "aloft-acme", "acme", "dev", image, 2, null, env, null, SERVER, pullSecret);
  }

  @Test
  void deploymentCarriesTheServiceEnvironmentContractAndRefusesShadowingIt() {
    ServicePlan plan =
        plan("r.example/o:1", List.of(ServiceEnvVar.literal("CURRENCY", "EUR")), null);
    var deployment = ServiceDeployments.desired(plan);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .extracting(e -> e.getName())
        .containsExactly(
            "ALOFT_SERVICE",
            "ALOFT_NAMESPACE",
            "ALOFT_SERVER",
            "ALOFT_ACCOUNT_ID",
            "ALOFT_ACCOUNT_SECRET",
            "ALOFT_GRPC_PORT",
            "ALOFT_ADVERTISE_HOST",
            "ALOFT_VERSION",
            "ALOFT_ENVIRONMENT",
            "CURRENCY");
    var env = container.getEnv();
    assertThat(env.get(1).getValue()).isEqualTo("acme");
    assertThat(env.get(2).getValue()).isEqualTo(SERVER);
    assertThat(env.get(3).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("orders-aloft-credentials");
    assertThat(env.get(3).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("accountId");
    assertThat(env.get(4).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("accountSecret");
    assertThat(env.get(5).getValue()).isEqualTo("8081");
    assertThat(env.get(6).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    assertThat(env.get(7).getValue()).isEqualTo("1");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getImagePullSecrets()).isEmpty();

    ServicePlan shadowing =
        plan("r.example/o:1", List.of(ServiceEnvVar.literal("ALOFT_NAMESPACE", "other")), null);
    assertThatThrownBy(() -> ServiceDeployments.desired(shadowing))
        .hasMessageStartingWith("spec.env[0].name ALOFT_NAMESPACE");
  }

  @Test
  void versionIsTheTagElseTheDigestsStart() {
    assertThat(plan("r.example:5000/o:1.2", null, null).version()).isEqualTo("1.2");
    assertThat(plan("r.example:5000/o", null, null).version()).isEqualTo("latest");
    assertThat(plan("r.example:5000/o@" + DIGEST, null, null).version())
        .isEqualTo(DIGEST.substring("sha256:".length(), "sha256:".length() + 12));
  }

  @Test
  void registryCredentialsBecomeThePodsPullSecret() {
    ServicePlan plan = plan("r.example/o:1", null, "eyJhdXRocyI6e319");
    var pod = ServiceDeployments.desired(plan).getSpec().getTemplate().getSpec();
    assertThat(pod.getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("orders-registry-credentials");
    var secret = ServicePullSecrets.desired(plan);
    assertThat(secret.getMetadata().getName()).isEqualTo("orders-registry-credentials");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo("aloft-acme");
    assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(secret.getData())
        .containsExactly(Map.entry(".dockerconfigjson", "eyJhdXRocyI6e319"));
  }

  @Test
  void credentialsSecretHoldsTheAccount() {
    var secret =
        ServiceCredentialsSecrets.desired(
            plan("r.example/o:1", null, null), new ServiceCredentials("orders", "s3cret"));
    assertThat(secret.getData())
        .containsEntry("accountId", "b3JkZXJz")
        .containsEntry("accountSecret", "czNjcmV0")
        .hasSize(2);
  }
}
