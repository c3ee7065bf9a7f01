package dev.aloft.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.operator.service.ServiceDeploymentDependent;
import dev.aloft.operator.tenant.TenantEtcdPartitionDependent;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyFailuresTest {

  @Test
  void namesTheObjectAndTheApiServersReason() {
    var status =
        new StatusBuilder()
            .withCode(403)
            .withReason("Forbidden")
            .withMessage("deployments.apps \"echo\" is forbidden: exceeded quota: aloft-quota")
            .withNewDetails()
            .withName("echo")
            .withKind("deployments")
            .endDetails()
            .build();
    var failure = new KubernetesClientException(status);

    assertThat(ApplyFailures.describe(new ServiceDeploymentDependent(), failure))
        .isEqualTo(
            "Deployment echo: deployments.apps \"echo\" is forbidden: exceeded quota:"
                + " aloft-quota (Forbidden)");
  }

  @Test
  @SuppressWarnings("rawtypes")
  void namesBackendFailuresByWhatTheDependentManages() {
    Map<DependentResource, Exception> failures = new LinkedHashMap<>();
    failures.put(
        new TenantEtcdPartitionDependent(),
        new IllegalStateException("etcd at http://127.0.0.1:1: connection refused"));
    failures.put(
        new ServiceDeploymentDependent(),
        new RuntimeException("wrapped", new KubernetesClientException("boom", 500, null)));

    assertThat(ApplyFailures.describe(failures))
        .isEqualTo(
            "Deployment: boom (HTTP 500); TenantPartition: etcd at http://127.0.0.1:1:"
                + " connection refused");
  }
}
