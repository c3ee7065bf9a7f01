package dev.aloft.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source to running artifact, through {@link ServiceBuilder#build}: from the git daemon of infra/up
 * and from local folders, with a real Maven build (the repository's own ./mvnw, offline) of the
 * fixtures, and the refusals that need a checkout to see.
 */
class ServiceBuilderIT {

  @TempDir static Path shared;
  @TempDir Path work;

  private static FixtureRepository repo;

  private final BuilderSettings settings =
      BuilderSettings.defaults()
          .withMavenCommand(List.of(aloftMvnw().toString()))
          .withMavenOffline(true);
  private final ServiceBuilder builder = new ServiceBuilder(settings);

  @BeforeAll
  static void createRepository() throws Exception {
    repo = FixtureRepository.create(shared);
  }

  @AfterAll
  static void deleteRepository() throws Exception {
    repo.close();
  }

  @Test
  void subFolderAtATagIsBuiltAndRuns() throws Exception {
    Recorder progress = new Recorder();
    BuildResult result = build(repo.url() + "//hello@v1", true, progress);

    assertThat(result.commit()).contains(repo.first());
    assertThat(result.ref()).contains("v1");
    assertThat(result.serviceDir()).isEqualTo(work.resolve("source/hello").toRealPath());
    assertThat(result.artifact()).isEqualTo(result.serviceDir().resolve("target/hello-1.0.jar"));
    assertThat(result.command())
        .containsExactly(settings.javaCommand(), "-jar", result.artifact().toString());
    assertThat(run(result)).isEqualTo("hello from the aloft fixture\n");

    assertThat(progress.phases)
        .containsExactly(BuildPhase.FETCHING, BuildPhase.BUILDING, BuildPhase.DONE);
    assertThat(progress.lines)
        .contains("Fetching " + repo.url() + "//hello@v1")
        .anyMatch(line -> line.startsWith("Building with " + aloftMvnw() + " -B -q -o"));
  }

  @Test
  void brokenServiceFailsWithTheCompilersMessage() {
    Recorder progress = new Recorder();
    assertThatThrownBy(() -> build(repo.url() + "//broken", false, progress))
        .isInstanceOfSatisfying(
            BuildFailedException.class,
            e -> {
              assertThat(e.exitCode()).hasValue(1);
              assertThat(e.getMessage())
                  .contains("failed with exit code 1")
                  .containsPattern("\\[ERROR\\] .*Main\\.java:\\[5,\\d+\\] ';' expected");
              assertThat(e.outputTail()).isNotEmpty().hasSizeLessThanOrEqualTo(40);
            });
    assertThat(progress.lines)
        .as("the build's output was streamed while it ran")
        .anyMatch(line -> line.contains("Main.java:[5,"));
  }

  @Test
  void localFolderIsBuiltInPlace() throws Exception {
    Path folder = work.resolve("my-service");
    FixtureRepository.copyFixture("hello", folder);
    BuildResult result = build(folder.toString(), false, new Recorder());
    assertThat(result.serviceDir()).isEqualTo(folder.toRealPath());
    assertThat(result.commit()).isEmpty();
    assertThat(result.ref()).isEmpty();
    assertThat(result.artifact()).isEqualTo(folder.toRealPath().resolve("target/hello-1.0.jar"));
    assertThat(run(result)).isEqualTo("hello from the aloft fixture\n");
  }

  @Test
  void localModuleUsesTheWrapperAtTheTopOfItsWorkTree() throws Exception {
    Path project = work.resolve("project");
    FixtureRepository.copyFixture("hello", project.resolve("services/hello"));
    Files.createDirectories(project.resolve(".git"));
    Files.writeString(project.resolve("mvnw"), "#!/bin/sh\nexec " + aloftMvnw() + " \"$@\"\n");
    Recorder progress = new Recorder();
    BuildResult result =
        new ServiceBuilder(settings.withMavenCommand(List.of("/no/such/mvn")))
            .build(request(project.resolve("services/hello").toString(), false), progress);
    assertThat(progress.lines)
        .contains(
            "Building with sh "
                + project.toRealPath().resolve("mvnw")
                + " -B -q -o -Dstyle.color=never -DskipTests package");
    assertThat(run(result)).isEqualTo("hello from the aloft fixture\n");
  }

  @Test
  void folderWithAReadyJarRunsAsIs() throws Exception {
    Path folder = work.resolve("my-service");
    FixtureRepository.copyFixture("hello", folder);
    Path jar = build(folder.toString(), false, new Recorder()).artifact();
    Path ready = Files.createDirectories(work.resolve("ready"));
    Files.copy(jar, ready.resolve("service.jar"));

    Recorder progress = new Recorder();
    BuildResult result = build(ready.toString(), false, progress);
    assertThat(result.artifact()).isEqualTo(ready.toRealPath().resolve("service.jar"));
    assertThat(progress.lines).noneMatch(line -> line.startsWith("Building with"));
    assertThat(run(result)).isEqualTo("hello from the aloft fixture\n");
  }

  @Test
  void missingLocalFolder() {
    assertThatThrownBy(() -> build(work.resolve("nope").toString(), false, new Recorder()))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageContaining("local folder '" + work.resolve("nope") + "' does not exist");
  }

  @Test
  void fileUrlForALocalCallerIsBuilt() throws Exception {
    BuildResult result = build("file://" + repo.bare() + "//hello@main", false, new Recorder());
    assertThat(result.commit()).contains(repo.second());
    assertThat(run(result)).isEqualTo("hello from the aloft fixture\n");
  }

  @Test
  void fileUrlAndLocalFolderRefusedForRemoteCallers() {
    assertThatThrownBy(() -> build("file://" + repo.bare() + "//hello@main", true, new Recorder()))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("file:// URLs are not allowed for remote callers");
    assertThatThrownBy(() -> build(work.toString(), true, new Recorder()))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("local folders are not allowed for remote callers");
  }

  @Test
  void allowListLetsListedHostsThroughAndRefusesOthers() throws Exception {
    ServiceBuilder loopbackOnly =
        new ServiceBuilder(settings.withAllowedHosts(Set.of("127.0.0.1")));
    BuildResult result =
        loopbackOnly.build(request(repo.url() + "//hello@v1", true), BuildProgress.NONE);
    assertThat(result.commit()).contains(repo.first());

    ServiceBuilder elsewhere =
        new ServiceBuilder(settings.withAllowedHosts(Set.of("git.example.com")));
    Path other = work.resolve("other");
    BuildRequest refused =
        new BuildRequest(repo.url() + "//hello@v1", Optional.empty(), true, other);
    assertThatThrownBy(() -> elsewhere.build(refused, BuildProgress.NONE))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessage("git host '127.0.0.1' is not on the allowed hosts list (git.example.com)");
    assertThat(other).as("nothing was fetched").doesNotExist();
  }

  @Test
  void dotDotSubFolderIsRefused() {
    assertThatThrownBy(() -> build(repo.url() + "//hello/../..@main", true, new Recorder()))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("sub-folder 'hello/../..' escapes the repository");
  }

  @Test
  void subFolderThroughASymlinkOutIsRefused() {
    assertThatThrownBy(() -> build(repo.url() + "//svc@escape-link", true, new Recorder()))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessage("sub-folder 'svc' escapes the repository through a symbolic link");
  }

  @Test
  void symlinkPointingOutsideIsRefused() {
    assertThatThrownBy(() -> build(repo.url() + "//hello@outside-link", true, new Recorder()))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("symbolic link 'hello/data' points outside the repository");
  }

  @Test
  void symlinkedPomIsRefused() {
    assertThatThrownBy(() -> build(repo.url() + "//linked@pom-link", true, new Recorder()))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("pom.xml in 'linked' is a symbolic link");
  }

  @Test
  void missingSubFolder() {
    assertThatThrownBy(() -> build(repo.url() + "//orders@v1", true, new Recorder()))
        .isInstanceOf(SourceFetchException.class)
        .hasMessage("sub-folder 'orders' does not exist in " + repo.url() + "@v1");
  }

  @Test
  void missingRef() {
    assertThatThrownBy(() -> build(repo.url() + "//hello@v9", true, new Recorder()))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageContaining("no branch or tag 'v9' in " + repo.url());
  }

  @Test
  void repositoryOverTheSizeLimit() {
    ServiceBuilder small = new ServiceBuilder(settings.withMaxRepositoryBytes(200_000));
    assertThatThrownBy(() -> small.build(request(repo.url() + "@big", true), BuildProgress.NONE))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("is over the size limit")
        .hasMessageContaining("the limit is 200000 bytes");
  }

  @Test
  void rootWithoutBuildNorJarSaysSo() {
    assertThatThrownBy(() -> build(repo.url() + "@main", true, new Recorder()))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("nothing to build")
        .hasMessageContaining("Maven project (pom.xml) or runs a ready jar");
  }

  private BuildResult build(String source, boolean remote, BuildProgress progress)
      throws BuilderException {
    return builder.build(request(source, remote), progress);
  }

  private BuildRequest request(String source, boolean remote) {
    return new BuildRequest(source, Optional.empty(), remote, work);
  }

  /** Runs the artifact as the runtime will: the command, in the service folder. */
  private static String run(BuildResult result) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(result.command())
            .directory(result.serviceDir().toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  static Path aloftMvnw() {
    String repo = System.getProperty("aloft.repo");
    Path root = repo != null ? Path.of(repo) : Path.of("..").toAbsolutePath().normalize();
    return root.resolve("mvnw");
  }

  static final class Recorder implements BuildProgress {
    final List<BuildPhase> phases = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void phase(BuildPhase phase) {
      phases.add(phase);
    }

    @Override
    public void output(String line) {
      lines.add(line);
    }
  }
}
