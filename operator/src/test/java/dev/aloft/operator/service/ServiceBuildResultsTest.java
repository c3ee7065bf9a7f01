package dev.aloft.operator.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.operator.status.ConditionsAggregator;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceBuildResultsTest {

  static final String IMAGE = "127.0.0.1:5000/aloft/acme/orders@sha256:" + "ab".repeat(32);
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  static ContainerStateTerminated terminated(int code, String message) {
    return new ContainerStateTerminatedBuilder()
        .withExitCode(code)
        .withReason(code == 0 ? "Completed" : "Error")
        .withMessage(message)
        .build();
  }

  static Pod pod(ContainerStateTerminated terminated) {
    return new PodBuilder()
        .withNewStatus()
        .addNewContainerStatus()
        .withName(ServiceBuildJobs.CONTAINER)
        .withNewState()
        .withTerminated(terminated)
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  static Job job() {
    return new JobBuilder().withNewMetadata().withName("orders-build-x").endMetadata().build();
  }

  @Test
  void successNamesTheImageByDigestAndTheCommit() {
    var result =
        ServiceBuildResults.of(
            job(),
            List.of(
                pod(terminated(0, "{\"image\":\"" + IMAGE + "\",\"commit\":\"" + COMMIT + "\"}"))));
    assertThat(result.state()).isEqualTo(ServiceBuildResults.State.SUCCEEDED);
    assertThat(result.image()).isEqualTo(IMAGE);
    assertThat(result.commit()).isEqualTo(COMMIT);
  }

  @Test
  void aFailedBuildKeepsItsPhaseReasonAndLogTail() {
    String message =
        "{\"phase\":\"build\",\"error\":\"mvn exited with 1\",\"log\":\"[ERROR] Main.java:[5,50]"
            + " ';' expected\\n[INFO] BUILD FAILURE\"}";
    var result = ServiceBuildResults.of(job(), List.of(pod(terminated(1, message))));
    assertThat(result.state()).isEqualTo(ServiceBuildResults.State.FAILED);
    assertThat(result.phase()).isEqualTo("build");
    assertThat(result.error()).isEqualTo("mvn exited with 1");
    assertThat(result.log())
        .isEqualTo("[ERROR] Main.java:[5,50] ';' expected\n[INFO] BUILD FAILURE");
    assertThat(result.sourceFailed()).isFalse();

    ConditionsAggregator conditions = ServiceReconciler.conditions(true);
    ServiceReconciler.reportBuild(
        ServiceBuildJobs.build(
            ServiceBuildJobsTest.orders("v2", null),
            "acme",
            null,
            ServiceAdmissionTest.environment(null),
            ServiceBuildJobsTest.SETTINGS),
        result,
        conditions);
    var built =
        conditions.conditions(null, 1L, Instant.now()).stream()
            .filter(c -> c.getType().equals("Built"))
            .findFirst()
            .orElseThrow();
    assertThat(built.getReason()).isEqualTo("BuildFailed");
    assertThat(built.getMessage())
        .startsWith("build Job orders-build-")
        .contains("failed (build): mvn exited with 1")
        .endsWith("';' expected\n[INFO] BUILD FAILURE");
  }

  @Test
  void aFetchFailureIsTheSources() {
    var result =
        ServiceBuildResults.of(
            job(),
            List.of(
                pod(
                    terminated(
                        1,
                        "{\"phase\":\"fetch\",\"error\":\"cannot reach git.example\",\"log\":\"\"}"))));
    assertThat(result.sourceFailed()).isTrue();
  }

  @Test
  void aContainerThatLeftNoResultFailsWithItsExitAndLog() {
    var result =
        ServiceBuildResults.of(
            job(), List.of(pod(terminated(137, "Killed\njava.lang.OutOfMemoryError"))));
    assertThat(result.state()).isEqualTo(ServiceBuildResults.State.FAILED);
    assertThat(result.phase()).isEqualTo("internal");
    assertThat(result.error()).contains("code 137");
    assertThat(result.log()).contains("OutOfMemoryError");
  }

  @Test
  void aReportedImageThatIsNoDigestIsRefused() {
    var result =
        ServiceBuildResults.of(
            job(), List.of(pod(terminated(0, "{\"image\":\"orders:latest\",\"commit\":\"\"}"))));
    assertThat(result.state()).isEqualTo(ServiceBuildResults.State.FAILED);
    assertThat(result.error()).contains("orders:latest");
  }

  @Test
  void aJobWithoutPodsRunsUntilItFails() {
    assertThat(ServiceBuildResults.of(null, List.of()).state())
        .isEqualTo(ServiceBuildResults.State.RUNNING);
    assertThat(ServiceBuildResults.of(job(), List.of()).state())
        .isEqualTo(ServiceBuildResults.State.RUNNING);
    Job failed = job();
    failed.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .withConditions(
                new JobConditionBuilder()
                    .withType("Failed")
                    .withStatus("True")
                    .withReason("DeadlineExceeded")
                    .withMessage("Job was active longer than specified deadline")
                    .build())
            .build());
    var result = ServiceBuildResults.of(failed, List.of());
    assertThat(result.state()).isEqualTo(ServiceBuildResults.State.FAILED);
    assertThat(result.error()).contains("DeadlineExceeded");
  }
}
