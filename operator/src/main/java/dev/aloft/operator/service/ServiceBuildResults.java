package dev.aloft.operator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aloft.crds.v1alpha1.ValidationPatterns;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.io.IOException;
import java.util.List;

/**
 * What a build Job came to, read from its pod's termination message (written by the
 * runtime-builder's {@code BuildJobMain}): pushed image and commit, or the phase that failed with
 * the reason and the tail of the build's output.
 */
public final class ServiceBuildResults {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How far a build got. */
  public enum State {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /**
   * One build's result.
   *
   * @param state running, succeeded or failed
   * @param image on success the pushed image, {@code <repository>@sha256:...}
   * @param commit on success the commit built
   * @param phase on failure what failed: request, source, fetch, build, push, internal (the
   *     builder's phases) or job (the Job stopped without a result)
   * @param error on failure the reason; while running, what the pod waits for, or empty
   * @param log on failure the end of the build's output, else empty
   */
  public record Result(
      State state, String image, String commit, String phase, String error, String log) {

    static Result running(String why) {
      return new Result(State.RUNNING, null, null, null, why, "");
    }

    static Result failed(String phase, String error, String log) {
      return new Result(State.FAILED, null, null, phase, error, log == null ? "" : log);
    }

    /** Whether the source could not be had (refused or not fetched). */
    public boolean sourceFailed() {
      return state == State.FAILED
          && ("source".equals(phase) || "fetch".equals(phase) || "request".equals(phase));
    }
  }

  private ServiceBuildResults() {}

  /** The result of {@code job} (null: not created yet) from its {@code pods}. */
  public static Result of(Job job, List<Pod> pods) {
    if (job == null) {
      return Result.running("the Job is being created");
    }
    for (Pod pod : pods) {
      ContainerStatus status = buildContainer(pod);
      if (status == null || status.getState() == null) {
        continue;
      }
      ContainerStateTerminated terminated = status.getState().getTerminated();
      if (terminated != null) {
        return fromTermination(terminated);
      }
      ContainerStateWaiting waiting = status.getState().getWaiting();
      if (waiting != null && waiting.getReason() != null) {
        String why = waiting.getReason();
        if (waiting.getMessage() != null) {
          why += ": " + waiting.getMessage();
        }
        if (failedJob(job) != null) {
          return Result.failed("job", failedJob(job) + " while the pod waited: " + why, "");
        }
        return Result.running("the build pod waits: " + why);
      }
    }
    String failed = failedJob(job);
    if (failed != null) {
      return Result.failed("job", failed, "");
    }
    return Result.running("");
  }

  /** The result a terminated build container left in its termination message. */
  public static Result fromTermination(ContainerStateTerminated terminated) {
    String message = terminated.getMessage() == null ? "" : terminated.getMessage().strip();
    String exit =
        "the build container exited with code "
            + terminated.getExitCode()
            + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")");
    JsonNode json = null;
    if (message.startsWith("{")) {
      try {
        json = JSON.readTree(message);
      } catch (IOException e) {
        json = null;
      }
    }
    if (json == null || !json.isObject()) {
      // FallbackToLogsOnError: no result written, the message is the end of its log
      return Result.failed("internal", exit + " without a result", message);
    }
    if (json.hasNonNull("image")) {
      String image = json.get("image").asText();
      if (!image.matches(ValidationPatterns.IMAGE_DIGEST_REFERENCE)) {
        return Result.failed(
            "internal", "the build reported image " + image + ", not a digest reference", "");
      }
      String commit = json.hasNonNull("commit") ? json.get("commit").asText() : "";
      return new Result(State.SUCCEEDED, image, commit, null, "", "");
    }
    return Result.failed(
        json.hasNonNull("phase") ? json.get("phase").asText() : "internal",
        json.hasNonNull("error") ? json.get("error").asText() : exit,
        json.hasNonNull("log") ? json.get("log").asText() : "");
  }

  private static ContainerStatus buildContainer(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> ServiceBuildJobs.CONTAINER.equals(s.getName()))
        .findFirst()
        .orElse(null);
  }

  /** The reason and message of the Job's Failed condition, or null while it has none. */
  private static String failedJob(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    for (JobCondition condition : job.getStatus().getConditions()) {
      if ("Failed".equals(condition.getType()) && "True".equals(condition.getStatus())) {
        return "the Job failed: "
            + condition.getReason()
            + (condition.getMessage() == null ? "" : ": " + condition.getMessage());
      }
    }
    return null;
  }
}
