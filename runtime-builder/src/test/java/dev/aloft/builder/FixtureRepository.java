package dev.aloft.builder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A bare repository, made for one test class in the git daemon's folder, with:
 *
 * <ul>
 *   <li>{@code main}: commit {@link #first} (annotated tag {@code v1}, lightweight tag {@code
 *       v1-light}; README "one", the fixtures {@code hello/} and {@code broken/}), then {@link
 *       #second} (README "two");
 *   <li>{@code dev}: one commit after {@code second}, README "dev";
 *   <li>{@code escape-link}: {@code svc} is a symbolic link to a folder outside (absolute);
 *   <li>{@code outside-link}: {@code hello/data} is a relative link climbing out of the checkout;
 *   <li>{@code pom-link}: {@code linked/pom.xml} is a symbolic link to {@code ../hello/pom.xml};
 *   <li>{@code big}: {@code big.bin}, {@value #BIG_BYTES} random bytes.
 * </ul>
 */
public final class FixtureRepository implements AutoCloseable {

  public static final int BIG_BYTES = 300_000;
  private static final PersonIdent AUTHOR = new PersonIdent("Aloft Test", "test@aloft.dev");

  private final Path bare;
  private final String url;
  private final Path outside;
  private RevCommit first;
  private RevCommit second;
  private RevCommit dev;

  private FixtureRepository(GitDaemon daemon, Path outside) {
    String name = "aloft-builder-" + UUID.randomUUID().toString().substring(0, 8) + ".git";
    this.bare = daemon.reposDir().resolve(name);
    this.url = daemon.url(name);
    this.outside = outside;
  }

  /** Creates the repository in the git daemon of infra/up; {@code temp} holds its work tree. */
  public static FixtureRepository create(Path temp) throws Exception {
    GitDaemon daemon = GitDaemon.fromInfra();
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("pom.xml"), "<project/>");
    FixtureRepository repo = new FixtureRepository(daemon, outside);
    repo.populate(Files.createDirectories(temp.resolve("work")));
    return repo;
  }

  /** git://.../aloft-builder-XXXX.git */
  public String url() {
    return url;
  }

  /** The bare repository's folder (for file:// URLs). */
  public Path bare() {
    return bare;
  }

  /** The folder that the {@code escape-link} branch's link points to. */
  public Path outside() {
    return outside;
  }

  public String first() {
    return first.name();
  }

  public String second() {
    return second.name();
  }

  public String dev() {
    return dev.name();
  }

  private void populate(Path work) throws Exception {
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      Files.writeString(work.resolve("README.md"), "one\n");
      copyFixture("hello", work.resolve("hello"));
      copyFixture("broken", work.resolve("broken"));
      first = commit(git, "First: fixtures");
      git.tag().setName("v1").setAnnotated(true).setMessage("v1").setTagger(AUTHOR).call();
      git.tag().setName("v1-light").setAnnotated(false).call();

      Files.writeString(work.resolve("README.md"), "two\n");
      second = commit(git, "Second");

      branch(git, "dev");
      Files.writeString(work.resolve("README.md"), "dev\n");
      dev = commit(git, "Dev");

      branch(git, "escape-link");
      Files.createSymbolicLink(work.resolve("svc"), outside);
      commit(git, "Link out");

      branch(git, "outside-link");
      Files.createSymbolicLink(work.resolve("hello/data"), Path.of("../../../../../../../etc"));
      commit(git, "Relative link out");

      branch(git, "pom-link");
      Files.createDirectories(work.resolve("linked"));
      Files.createSymbolicLink(work.resolve("linked/pom.xml"), Path.of("../hello/pom.xml"));
      commit(git, "Linked pom");

      branch(git, "big");
      byte[] bytes = new byte[BIG_BYTES];
      new Random(42).nextBytes(bytes);
      Files.write(work.resolve("big.bin"), bytes);
      commit(git, "Big");

      git.push()
          .setRemote(bare.toUri().toString())
          .setRefSpecs(
              new RefSpec("refs/heads/*:refs/heads/*"), new RefSpec("refs/tags/*:refs/tags/*"))
          .call();
    }
  }

  private void branch(Git git, String branch) throws Exception {
    git.checkout().setName("main").call();
    git.checkout().setCreateBranch(true).setName(branch).call();
  }

  private static RevCommit commit(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    return git.commit()
        .setMessage(message)
        .setAuthor(AUTHOR)
        .setCommitter(AUTHOR)
        .setSign(false)
        .call();
  }

  /** Copies {@code src/test/resources/fixtures/<fixture>} to {@code target}. */
  public static void copyFixture(String fixture, Path target) throws IOException {
    Path source = Path.of("src/test/resources/fixtures", fixture).toAbsolutePath();
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path to = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(to);
        } else {
          Files.copy(path, to);
        }
      }
    }
  }

  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Override
  public void close() throws IOException {
    deleteTree(bare);
  }
}
