package dev.aloft.e2e.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git daemon from infra/up: JGit pushes a commit over git:// and clones it back. */
class GitDaemonSmokeIT {

  private final InfraEnv infra = InfraEnv.load();

  @Test
  void pushThenCloneOverGitProtocol(@TempDir Path temp) throws Exception {
    String name = "aloft-smoke-" + UUID.randomUUID().toString().substring(0, 8) + ".git";
    Path bare = infra.gitReposDir().resolve(name);
    String url = infra.gitBaseUrl() + "/" + name;
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    try {
      String readme = "# smoke " + name + "\n";
      RevCommit commit;
      try (Git work =
          Git.init().setInitialBranch("main").setDirectory(temp.resolve("work").toFile()).call()) {
        Files.writeString(temp.resolve("work/README.md"), readme);
        work.add().addFilepattern("README.md").call();
        PersonIdent smoke = new PersonIdent("Aloft Smoke", "smoke@aloft.dev");
        commit =
            work.commit()
                .setMessage("Smoke commit")
                .setAuthor(smoke)
                .setCommitter(smoke)
                .setSign(false)
                .call();
        Iterable<PushResult> results =
            work.push()
                .setRemote(url)
                .setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
                .call();
        for (PushResult result : results) {
          assertThat(result.getRemoteUpdate("refs/heads/main").getStatus())
              .isEqualTo(RemoteRefUpdate.Status.OK);
        }
      }

      try (Git clone =
          Git.cloneRepository().setURI(url).setDirectory(temp.resolve("clone").toFile()).call()) {
        assertThat(clone.getRepository().getBranch()).isEqualTo("main");
        assertThat(clone.getRepository().resolve("HEAD")).isEqualTo(commit.getId());
        assertThat(Files.readString(temp.resolve("clone/README.md"))).isEqualTo(readme);
      }
    } finally {
      deleteTree(bare);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
