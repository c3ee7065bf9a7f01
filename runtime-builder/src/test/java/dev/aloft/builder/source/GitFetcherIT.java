package dev.aloft.builder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.builder.BuildProgress;
import dev.aloft.builder.BuilderSettings;
import dev.aloft.builder.FixtureRepository;
import dev.aloft.builder.GitCredentials;
import dev.aloft.builder.SourceFetchException;
import dev.aloft.builder.SourceRef;
import dev.aloft.builder.SourceRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching from the real git daemon of infra/up: branches, tags, commits, errors, size limit. */
class GitFetcherIT {

  @TempDir static Path shared;
  @TempDir Path work;

  private static FixtureRepository repo;
  private final GitFetcher fetcher = new GitFetcher(BuilderSettings.defaults());

  @BeforeAll
  static void createRepository() throws Exception {
    repo = FixtureRepository.create(shared);
  }

  @AfterAll
  static void deleteRepository() throws Exception {
    repo.close();
  }

  @Test
  void defaultBranchShallow() throws Exception {
    Checkout checkout = fetch(repo.url());
    assertThat(checkout.ref()).isEqualTo("main");
    assertThat(checkout.commit()).isEqualTo(repo.second());
    assertThat(readme(checkout)).isEqualTo("two\n");
    try (Git git = Git.open(checkout.dir().toFile())) {
      assertThat(git.getRepository().getObjectDatabase().getShallowCommits())
          .as("a branch is fetched with depth 1")
          .isNotEmpty();
    }
  }

  @Test
  void branch() throws Exception {
    Checkout checkout = fetch(repo.url() + "@dev");
    assertThat(checkout.ref()).isEqualTo("dev");
    assertThat(checkout.commit()).isEqualTo(repo.dev());
    assertThat(readme(checkout)).isEqualTo("dev\n");
  }

  @Test
  void annotatedAndLightweightTags() throws Exception {
    Checkout annotated = fetch(repo.url() + "@v1");
    assertThat(annotated.ref()).isEqualTo("v1");
    assertThat(annotated.commit()).isEqualTo(repo.first());
    assertThat(readme(annotated)).isEqualTo("one\n");

    Checkout light = fetch(repo.url() + "@v1-light", work.resolve("light"));
    assertThat(light.commit()).isEqualTo(repo.first());
  }

  @Test
  void fullAndAbbreviatedCommit() throws Exception {
    Checkout full = fetch(repo.url() + "@" + repo.first());
    assertThat(full.commit()).isEqualTo(repo.first());
    assertThat(readme(full)).isEqualTo("one\n");

    String abbreviated = repo.first().substring(0, 8);
    Checkout shortId = fetch(repo.url() + "@" + abbreviated, work.resolve("short"));
    assertThat(shortId.commit()).isEqualTo(repo.first());
    assertThat(shortId.ref()).isEqualTo(abbreviated);
  }

  @Test
  void missingRefSaysWhatExists() {
    assertThatThrownBy(() -> fetch(repo.url() + "@no-such-branch"))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageContaining("no branch or tag 'no-such-branch' in " + repo.url())
        .hasMessageContaining("branches: big, dev, escape-link")
        .hasMessageContaining("tags: v1, v1-light");
  }

  @Test
  void missingCommit() {
    assertThatThrownBy(() -> fetch(repo.url() + "@deadbeef"))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageContaining("no branch, tag or commit 'deadbeef' in " + repo.url());
  }

  @Test
  void missingRepository() {
    String url = repo.url().replace(".git", "-missing.git");
    assertThatThrownBy(() -> fetch(url))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageStartingWith("cannot reach git repository " + url + ": ");
  }

  @Test
  void unreachableHost() {
    assertThatThrownBy(() -> fetch("git://127.0.0.1:1/shop.git"))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageStartingWith("cannot reach git repository git://127.0.0.1:1/shop.git: ");
  }

  @Test
  void repositoryOverTheSizeLimitIsRefused() throws Exception {
    GitFetcher limited = new GitFetcher(BuilderSettings.defaults().withMaxRepositoryBytes(200_000));
    assertThat(fetch(limited, repo.url() + "@main", work.resolve("small")).commit())
        .as("main is within the limit")
        .isEqualTo(repo.second());
    assertThatThrownBy(() -> fetch(limited, repo.url() + "@big", work.resolve("big")))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("git repository " + repo.url() + " is over the size limit")
        .hasMessageMatching("(?s).*holds more than \\d+ bytes, the limit is 200000 bytes.*");
    assertThat(work.resolve("big")).as("the oversized checkout is removed").doesNotExist();
  }

  @Test
  void credentialsAreHandedToGitAndTheFetchWorks() throws Exception {
    // The git daemon has no authentication: this shows the credentials do not get in the way.
    Checkout checkout =
        fetcher.fetch(
            SourceRef.parse(repo.url() + "@dev"),
            Optional.of(new GitCredentials("alice", "not-needed-here")),
            true,
            work.resolve("creds"),
            BuildProgress.NONE);
    assertThat(checkout.commit()).isEqualTo(repo.dev());
  }

  @Test
  void fileUrlForALocalCaller() throws Exception {
    Checkout checkout = fetch("file://" + repo.bare() + "@v1");
    assertThat(checkout.commit()).isEqualTo(repo.first());
  }

  @Test
  void progressSaysWhatWasFetched() throws Exception {
    List<String> lines = new ArrayList<>();
    fetcher.fetch(
        SourceRef.parse(repo.url() + "@v1"),
        Optional.empty(),
        false,
        work.resolve("progress"),
        new BuildProgress() {
          @Override
          public void phase(dev.aloft.builder.BuildPhase phase) {}

          @Override
          public void output(String line) {
            lines.add(line);
          }
        });
    assertThat(lines)
        .containsExactly(
            "Fetching " + repo.url() + "@v1", "Checked out tag v1 at commit " + repo.first());
  }

  private Checkout fetch(String source) throws Exception {
    return fetch(source, work.resolve("checkout"));
  }

  private Checkout fetch(String source, Path dir) throws Exception {
    return fetch(fetcher, source, dir);
  }

  private static Checkout fetch(GitFetcher fetcher, String source, Path dir) throws Exception {
    return fetcher.fetch(SourceRef.parse(source), Optional.empty(), false, dir, BuildProgress.NONE);
  }

  private static String readme(Checkout checkout) throws Exception {
    return Files.readString(checkout.dir().resolve("README.md"));
  }
}
