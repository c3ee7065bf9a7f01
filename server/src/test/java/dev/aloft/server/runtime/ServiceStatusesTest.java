package dev.aloft.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.runtime.v1.Status;
import dev.aloft.crds.v1alpha1.AloftService;
import dev.aloft.crds.v1alpha1.AloftServiceStatus;
import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import dev.aloft.crds.v1alpha1.ServicePhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceStatusesTest {

  static final String COMPILER =
      "build Job orders-build-1 failed (build): the Maven build failed\n"
          + "log tail:\n[ERROR] Helloworld.java:[12,20] incompatible types";

  static AloftService resource(long generation, ServicePhase phase, Long observed, Condition... c) {
    AloftService resource = new AloftService();
    resource.setMetadata(
        new ObjectMetaBuilder().withName("orders").withGeneration(generation).build());
    if (phase != null) {
      AloftServiceStatus status = new AloftServiceStatus();
      status.setPhase(phase);
      status.setObservedGeneration(observed);
      status.setConditions(List.of(c));
      resource.setStatus(status);
    }
    return resource;
  }

  static Condition condition(String type, ConditionStatus status, String message) {
    return new Condition(type, status, 1L, "2026-01-31T12:00:00Z", "Why", message);
  }

  @Test
  void eachPhaseIsTheRuntimeStatusOfTheSameName() {
    assertThat(ServiceStatuses.status(resource(1, ServicePhase.PENDING, 1L)))
        .isEqualTo(Status.PENDING);
    assertThat(ServiceStatuses.status(resource(1, ServicePhase.BUILDING, 1L)))
        .isEqualTo(Status.BUILDING);
    assertThat(ServiceStatuses.status(resource(1, ServicePhase.STARTING, 1L)))
        .isEqualTo(Status.STARTING);
    assertThat(ServiceStatuses.status(resource(1, ServicePhase.RUNNING, 1L)))
        .isEqualTo(Status.RUNNING);
    assertThat(ServiceStatuses.status(resource(1, ServicePhase.ERROR, 1L))).isEqualTo(Status.ERROR);
  }

  @Test
  void withoutAStatusOrWithOneOfAnOlderGenerationItIsPending() {
    assertThat(ServiceStatuses.status(resource(1, null, null))).isEqualTo(Status.PENDING);
    // updated (generation 2) while the operator's status still tells of generation 1
    AloftService updated = resource(2, ServicePhase.RUNNING, 1L);
    assertThat(ServiceStatuses.status(updated)).isEqualTo(Status.PENDING);
    assertThat(
            ServiceStatuses.status(
                resource(
                    2,
                    ServicePhase.ERROR,
                    1L,
                    condition("Built", ConditionStatus.FALSE, COMPILER))))
        .isEqualTo(Status.PENDING);
    assertThat(
            ServiceStatuses.error(
                resource(
                    2,
                    ServicePhase.ERROR,
                    1L,
                    condition("Built", ConditionStatus.FALSE, COMPILER))))
        .isEmpty();
  }

  @Test
  void anErrorIsTheMessageOfEachFailedConditionButReady() {
    AloftService failed =
        resource(
            1,
            ServicePhase.ERROR,
            1L,
            condition("TenantReady", ConditionStatus.TRUE, "tenant acme is Ready"),
            condition("SourceFetched", ConditionStatus.TRUE, "fetched"),
            condition("Built", ConditionStatus.FALSE, COMPILER),
            condition("Available", ConditionStatus.TRUE, "1/1 replicas ready"),
            condition("Ready", ConditionStatus.FALSE, COMPILER));

    String error = ServiceStatuses.error(failed);

    assertThat(error).isEqualTo("Built: " + COMPILER).contains("incompatible types");
    assertThat(ServiceStatuses.message(Status.ERROR, error))
        .isEqualTo("error: Built: build Job orders-build-1 failed (build): the Maven build failed");
    assertThat(ServiceStatuses.message(Status.RUNNING, "")).isEqualTo("running");
  }

  @Test
  void noErrorWhileItIsNotInError() {
    AloftService building =
        resource(
            1,
            ServicePhase.BUILDING,
            1L,
            condition("Built", ConditionStatus.UNKNOWN, "build Job orders-build-2 builds main"));
    assertThat(ServiceStatuses.error(building)).isEmpty();
  }
}
