package dev.aloft.operator.status;

import dev.aloft.crds.v1alpha1.Condition;
import dev.aloft.crds.v1alpha1.ConditionStatus;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events (core/v1) about Aloft resources: what the operator did (Normal) and what failed
 * (Warning), shown by {@code kubectl describe}. Events of cluster-scoped resources go to the {@code
 * default} namespace, as Kubernetes does for nodes.
 *
 * <p>Events are written by a thread of their own, as Kubernetes' event recorder does, so that a
 * reconcile never waits for them; when more than {@value #BACKLOG} wait, newer ones are dropped
 * (and logged), never the reconcile slowed.
 */
@ApplicationScoped
public class ResourceEvents {

  /** The component named as the source of every event. */
  public static final String COMPONENT = "aloft-operator";

  private static final Logger LOG = Logger.getLogger(ResourceEvents.class);

  /** Events waiting to be written before newer ones are dropped. */
  static final int BACKLOG = 10_000;

  private final KubernetesClient client;
  private final ThreadPoolExecutor writer;

  public ResourceEvents(KubernetesClient client) {
    this.client = client;
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(BACKLOG),
            r -> {
              Thread t = new Thread(r, "aloft-events");
              t.setDaemon(true);
              return t;
            },
            (task, executor) -> {
              if (!executor.isShutdown()) {
                LOG.warn("more than " + BACKLOG + " events waiting to be written: one dropped");
              }
            });
  }

  /** Writes what waits (for a few seconds at most), then stops. */
  @PreDestroy
  void close() throws InterruptedException {
    writer.shutdown();
    writer.awaitTermination(5, TimeUnit.SECONDS);
  }

  /**
   * One event per status change, not per condition (a new service changes five conditions at once,
   * and every event is a write to the API server): Warning when a changed condition turned False,
   * Normal otherwise; its reason is the resource's summary, {@value ConditionsAggregator#READY}'s
   * reason ({@code AllConditionsHold}, or the first condition that does not hold), and its message
   * lists each changed condition with its status and message.
   */
  public void conditionsChanged(HasMetadata resource, List<Condition> changed) {
    summarize(changed).ifPresent(e -> record(resource, e.type(), e.reason(), e.message()));
  }

  /** An event to record: its type ({@code Normal} or {@code Warning}), reason and message. */
  record Summary(String type, String reason, String message) {}

  /** The one event for a status change, none when no condition changed. */
  static Optional<Summary> summarize(List<Condition> changed) {
    if (changed.isEmpty()) {
      return Optional.empty();
    }
    Condition summary =
        changed.stream()
            .filter(c -> ConditionsAggregator.READY.equals(c.getType()))
            .findFirst()
            .orElse(changed.get(changed.size() - 1));
    Optional<Condition> failed =
        changed.stream().filter(c -> c.getStatus() == ConditionStatus.FALSE).findFirst();
    String message =
        changed.stream()
            .filter(c -> c != summary || changed.size() == 1)
            .map(c -> c.getType() + " is " + label(c) + ": " + c.getMessage())
            .collect(Collectors.joining("; "));
    if (failed.isEmpty()) {
      return Optional.of(new Summary("Normal", summary.getReason(), message));
    }
    String reason =
        summary.getStatus() == ConditionStatus.FALSE
            ? summary.getReason()
            : failed.get().getReason();
    return Optional.of(new Summary("Warning", reason, message));
  }

  private static String label(Condition c) {
    return switch (c.getStatus()) {
      case TRUE -> "True";
      case FALSE -> "False";
      default -> "Unknown";
    };
  }

  /** Something the operator did. */
  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  /** Something that failed. */
  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    String namespace =
        resource.getMetadata().getNamespace() == null
            ? "default"
            : resource.getMetadata().getNamespace();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                resource.getMetadata().getName()
                    + "."
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace())
                    .withUid(resource.getMetadata().getUid())
                    .withResourceVersion(resource.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    writer.execute(() -> write(resource, event));
  }

  private void write(HasMetadata resource, io.fabric8.kubernetes.api.model.Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; failing to record one must not fail the reconcile.
      LOG.warnf(
          "could not record %s event %s for %s %s: %s",
          event.getType(),
          event.getReason(),
          resource.getKind(),
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
