package dev.aloft.operator.status;

import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one owner of a resource's conditions: a fixed, ordered set of specific condition types plus
 * {@value #READY}, which holds when all of them hold. Reconcilers only report what they found
 * ({@link #holds}, {@link #fails}, {@link #waits}); a type nobody reported is Unknown. The result
 * carries observedGeneration and keeps a condition's lastTransitionTime unless its status or
 * message changed.
 */
public final class ConditionsAggregator {

  /** The summary condition every Aloft resource has. */
  public static final String READY = "Ready";

  private record Report(ConditionStatus status, String reason, String message) {}

  private final List<String> types;
  private final Map<String, Report> reports = new LinkedHashMap<>();

  private ConditionsAggregator(List<String> types) {
    if (types.isEmpty() || types.contains(READY)) {
      throw new IllegalArgumentException(
          "specific condition types must be non-empty and exclude " + READY + ": " + types);
    }
    this.types = List.copyOf(types);
  }

  /** An aggregator for these specific types, in the order they appear in status. */
  public static ConditionsAggregator of(String... types) {
    return new ConditionsAggregator(List.of(types));
  }

  /** {@code type} holds. */
  public ConditionsAggregator holds(String type, String reason, String message) {
    return report(type, ConditionStatus.TRUE, reason, message);
  }

  /** {@code type} does not hold; the message says what is wrong, naming the field if it is one. */
  public ConditionsAggregator fails(String type, String reason, String message) {
    return report(type, ConditionStatus.FALSE, reason, message);
  }

  /** {@code type} is not known yet; the message says what it waits for. */
  public ConditionsAggregator waits(String type, String reason, String message) {
    return report(type, ConditionStatus.UNKNOWN, reason, message);
  }

  /** Whether {@code type} was reported to hold. */
  public boolean isTrue(String type) {
    Report report = reports.get(type);
    return report != null && report.status() == ConditionStatus.TRUE;
  }

  /** Whether {@code type} was reported as not known yet. */
  public boolean isWaiting(String type) {
    Report report = reports.get(type);
    return report != null && report.status() == ConditionStatus.UNKNOWN;
  }

  /** Whether any specific type was reported as failing. */
  public boolean anyFailed() {
    return reports.values().stream().anyMatch(r -> r.status() == ConditionStatus.FALSE);
  }

  /** Whether all specific types hold, i.e. Ready will be True. */
  public boolean allHold() {
    return types.stream().allMatch(this::isTrue);
  }

  private ConditionsAggregator report(
      String type, ConditionStatus status, String reason, String message) {
    if (!types.contains(type)) {
      throw new IllegalArgumentException(
          "condition type " + type + " is not one of " + types + " (Ready is computed)");
    }
    reports.put(
        type, new Report(status, Objects.requireNonNull(reason), message == null ? "" : message));
    return this;
  }

  /**
   * The conditions, specific types in their order then Ready, computed against {@code previous}
   * (null: none): a condition whose status and message are unchanged keeps its lastTransitionTime.
   */
  public List<Condition> conditions(List<Condition> previous, Long generation, Instant now) {
    Map<String, Condition> before = new LinkedHashMap<>();
    if (previous != null) {
      previous.forEach(c -> before.put(c.getType(), c));
    }
    String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> result = new ArrayList<>();
    for (String type : types) {
      Report report =
          reports.getOrDefault(
              type, new Report(ConditionStatus.UNKNOWN, "NotChecked", "not checked yet"));
      result.add(condition(type, report, before.get(type), generation, timestamp));
    }
    result.add(condition(READY, ready(), before.get(READY), generation, timestamp));
    return result;
  }

  private Report ready() {
    for (String type : types) {
      Report report = reports.get(type);
      if (report == null || report.status() != ConditionStatus.TRUE) {
        ConditionStatus status =
            report != null && report.status() == ConditionStatus.FALSE
                ? ConditionStatus.FALSE
                : ConditionStatus.UNKNOWN;
        String reason = report == null ? "NotChecked" : report.reason();
        String message = type + ": " + (report == null ? "not checked yet" : report.message());
        return new Report(status, reason, message);
      }
    }
    return new Report(ConditionStatus.TRUE, "AllConditionsHold", "all of " + types + " hold");
  }

  private static Condition condition(
      String type, Report report, Condition previous, Long generation, String now) {
    boolean unchanged =
        previous != null
            && previous.getStatus() == report.status()
            && Objects.equals(previous.getMessage(), report.message())
            && previous.getLastTransitionTime() != null;
    return new Condition(
        type,
        report.status(),
        generation,
        unchanged ? previous.getLastTransitionTime() : now,
        report.reason(),
        report.message());
  }

  /**
   * What changed between {@code previous} and {@code current}: conditions that are new or whose
   * status or message changed, for Kubernetes Events.
   */
  public static List<Condition> changes(List<Condition> previous, List<Condition> current) {
    Map<String, Condition> before = new LinkedHashMap<>();
    if (previous != null) {
      previous.forEach(c -> before.put(c.getType(), c));
    }
    List<Condition> changed = new ArrayList<>();
    for (Condition c : current) {
      Condition old = before.get(c.getType());
      if (old == null
          || old.getStatus() != c.getStatus()
          || !Objects.equals(old.getMessage(), c.getMessage())) {
        changed.add(c);
      }
    }
    return changed;
  }
}
