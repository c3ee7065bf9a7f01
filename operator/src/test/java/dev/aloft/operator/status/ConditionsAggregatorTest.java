package dev.aloft.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsAggregatorTest {

  static final Instant T1 = Instant.parse("2026-01-01T10:00:00.123Z");
  static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");

  @Test
  void readyHoldsOnlyWhenEveryTypeHolds() {
    var all = ConditionsAggregator.of("A", "B").holds("A", "Ok", "a").holds("B", "Ok", "b");
    List<Condition> conditions = all.conditions(null, 3L, T1);
    assertThat(conditions).extracting(Condition::getType).containsExactly("A", "B", "Ready");
    assertThat(conditions.get(2).getStatus()).isEqualTo(ConditionStatus.TRUE);
    assertThat(conditions).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
  }

  @Test
  void readyTakesTheFirstFailureOrWaitAndUnreportedTypesAreUnknown() {
    var failing = ConditionsAggregator.of("A", "B").fails("B", "Bad", "spec.x is wrong");
    Condition ready = failing.conditions(null, 1L, T1).get(2);
    assertThat(ready.getStatus()).isEqualTo(ConditionStatus.UNKNOWN);
    assertThat(ready.getMessage()).startsWith("A:");
    assertThat(failing.anyFailed()).isTrue();

    var onlyFailure = ConditionsAggregator.of("A").fails("A", "Bad", "spec.x is wrong");
    Condition failed = onlyFailure.conditions(null, 1L, T1).get(1);
    assertThat(failed.getStatus()).isEqualTo(ConditionStatus.FALSE);
    assertThat(failed.getReason()).isEqualTo("Bad");
    assertThat(failed.getMessage()).isEqualTo("A: spec.x is wrong");
  }

  @Test
  void lastTransitionTimeIsKeptUnlessStatusOrMessageChanges() {
    List<Condition> first =
        ConditionsAggregator.of("A").holds("A", "Ok", "one").conditions(null, 1L, T1);
    List<Condition> same =
        ConditionsAggregator.of("A").holds("A", "Ok", "one").conditions(first, 2L, T2);
    assertThat(same.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(same.get(0).getObservedGeneration()).isEqualTo(2L);
    assertThat(ConditionsAggregator.changes(first, same)).isEmpty();

    List<Condition> changed =
        ConditionsAggregator.of("A").holds("A", "Ok", "two").conditions(first, 2L, T2);
    assertThat(changed.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T11:00:00Z");
    assertThat(ConditionsAggregator.changes(first, changed))
        .extracting(Condition::getType)
        .containsExactly("A");
  }

  @Test
  void refusesUnknownTypesAndHandMadeReady() {
    assertThatThrownBy(() -> ConditionsAggregator.of("A").holds("B", "Ok", ""))
        .hasMessageContaining("B");
    assertThatThrownBy(() -> ConditionsAggregator.of("Ready"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
