package dev.aloft.builder.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildPhase;
import dev.aloft.builder.BuildProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build process runner on real shell processes: streaming, tail, exit code, timeout, env. */
class BuildProcessIT {

  @TempDir Path dir;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final BuildProgress progress =
      new BuildProgress() {
        @Override
        public void phase(BuildPhase phase) {}

        @Override
        public void output(String line) {
          lines.add(line);
        }
      };

  @Test
  void outputAndErrorsAreStreamedInOrderWithoutColourCodes() throws Exception {
    sh(
        "echo one; echo two >&2; printf '\\033[1;31m[ERROR]\\033[0m red\\n'; printf '\\033[0m\\n'; echo three");
    assertThat(lines).containsExactly("one", "two", "[ERROR] red", "three");
  }

  @Test
  void failureCarriesExitCodeAndTheLast40Lines() {
    assertThatThrownBy(() -> sh("for i in $(seq 1 100); do echo line $i; done; exit 3"))
        .isInstanceOfSatisfying(
            BuildFailedException.class,
            e -> {
              assertThat(e.exitCode()).hasValue(3);
              assertThat(e.outputTail()).hasSize(40);
              assertThat(e.outputTail().get(0)).isEqualTo("line 61");
              assertThat(e.outputTail().get(39)).isEqualTo("line 100");
              assertThat(e.getMessage())
                  .startsWith("the build 'sh -c for i in")
                  .contains("failed with exit code 3:\nline 61\n")
                  .endsWith("line 100")
                  .doesNotContain("line 60\n");
            });
    assertThat(lines).hasSize(100);
  }

  @Test
  void timeoutKillsTheWholeProcessTree() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    assertThatThrownBy(
            () ->
                BuildProcess.run(
                    List.of("sh", "-c", "echo started; sleep 600 & echo $! > child.pid; wait"),
                    dir,
                    Duration.ofSeconds(2),
                    progress))
        .isInstanceOfSatisfying(
            BuildFailedException.class,
            e -> {
              assertThat(e.exitCode()).isEmpty();
              assertThat(e.getMessage()).contains("timed out after 2 s and was stopped");
              assertThat(e.outputTail()).containsExactly("started");
            });
    long child = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(child)
        .ifPresent(
            handle -> {
              try {
                handle.onExit().get(10, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new AssertionError("the build's child process " + child + " still runs", e);
              }
            });
  }

  @Test
  void interruptingTheBuildingThreadStopsTheBuild() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread building =
        new Thread(
            () -> {
              try {
                BuildProcess.run(
                    List.of("sh", "-c", "sleep 600 & echo $! > child.pid; echo started; wait"),
                    dir,
                    Duration.ofMinutes(5),
                    progress);
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    building.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!lines.contains("started") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    building.interrupt();
    building.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(building.isAlive()).isFalse();
    assertThat(failure.get())
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("was stopped");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(child)
        .ifPresent(
            handle -> {
              try {
                handle.onExit().get(10, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new AssertionError("the build's child process " + child + " still runs", e);
              }
            });
  }

  @Test
  void theBuildDoesNotSeeThePlatformsSecrets() throws Exception {
    assertThat(System.getenv("ALOFT_BUILDER_IT_SECRET"))
        .as("failsafe sets it for this test")
        .isNotNull();
    sh("env");
    assertThat(lines).anyMatch(line -> line.startsWith("PATH="));
    assertThat(lines).noneMatch(line -> line.contains("ALOFT_BUILDER_IT_SECRET"));
    assertThat(lines).noneMatch(line -> line.contains("must-not-reach-the-build"));
  }

  @Test
  void aCommandThatCannotStart() {
    assertThatThrownBy(
            () ->
                BuildProcess.run(
                    List.of("/no/such/mvn", "package"), dir, Duration.ofSeconds(5), progress))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageStartingWith("cannot start the build '/no/such/mvn package': ");
  }

  private void sh(String script) throws BuildFailedException {
    BuildProcess.run(List.of("sh", "-c", script), dir, Duration.ofSeconds(60), progress);
  }
}
