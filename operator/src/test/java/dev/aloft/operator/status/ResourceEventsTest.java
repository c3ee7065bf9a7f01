package dev.aloft.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceEventsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T04:00:00Z");

  private static List<Condition> changes(ConditionsAggregator before, ConditionsAggregator after) {
    List<Condition> previous = before == null ? null : before.conditions(null, 1L, NOW);
    return ConditionsAggregator.changes(previous, after.conditions(previous, 1L, NOW));
  }

  @Test
  void aNewResourceGetsOneEventNamingEveryConditionItSet() {
    var now =
        ConditionsAggregator.of("Deployed", "Available")
            .holds("Deployed", "Deployed", "Deployment echo runs echo:v1 x1")
            .waits("Available", "RollingOut", "0/1 replicas ready");

    var event = ResourceEvents.summarize(changes(null, now)).orElseThrow();

    assertThat(event.type()).isEqualTo("Normal");
    assertThat(event.reason()).isEqualTo("RollingOut");
    assertThat(event.message())
        .isEqualTo(
            "Deployed is True: Deployment echo runs echo:v1 x1; "
                + "Available is Unknown: 0/1 replicas ready");
  }

  @Test
  void becomingReadyIsAllConditionsHold() {
    var before =
        ConditionsAggregator.of("Deployed", "Available")
            .holds("Deployed", "Deployed", "runs")
            .waits("Available", "RollingOut", "0/1 replicas ready");
    var after =
        ConditionsAggregator.of("Deployed", "Available")
            .holds("Deployed", "Deployed", "runs")
            .holds("Available", "RolledOut", "1/1 replicas ready");

    var event = ResourceEvents.summarize(changes(before, after)).orElseThrow();

    assertThat(event.type()).isEqualTo("Normal");
    assertThat(event.reason()).isEqualTo("AllConditionsHold");
    assertThat(event.message()).isEqualTo("Available is True: 1/1 replicas ready");
  }

  @Test
  void aFailureIsAWarningWithTheFailingConditionsReason() {
    var before = ConditionsAggregator.of("TenantReady", "EnvironmentAllowed");
    var after =
        ConditionsAggregator.of("TenantReady", "EnvironmentAllowed")
            .holds("TenantReady", "TenantReady", "tenant acme is Ready")
            .fails(
                "EnvironmentAllowed",
                "EnvironmentNotAllowed",
                "spec.environment: prod does not take tenant acme");

    var event = ResourceEvents.summarize(changes(before, after)).orElseThrow();

    assertThat(event.type()).isEqualTo("Warning");
    assertThat(event.reason()).isEqualTo("EnvironmentNotAllowed");
    assertThat(event.message())
        .contains("TenantReady is True: tenant acme is Ready")
        .contains("EnvironmentAllowed is False: spec.environment: prod does not take tenant acme");
  }

  @Test
  void nothingChangedIsNoEvent() {
    var same = ConditionsAggregator.of("Deployed").holds("Deployed", "Deployed", "runs");
    List<Condition> previous = same.conditions(null, 1L, NOW);

    assertThat(
            ResourceEvents.summarize(
                ConditionsAggregator.changes(previous, same.conditions(previous, 2L, NOW))))
        .isEmpty();
    assertThat(
            previous.stream()
                .filter(c -> c.getStatus() == ConditionStatus.TRUE)
                .map(Condition::getType))
        .containsExactly("Deployed", "Ready");
  }
}
