package dev.aloft.builder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A bare repository in the git daemon of infra/up holding one fixture service at its top, on {@code
 * main}, and a work tree to commit changes from: the shape of a user's service repository.
 */
public final class ServiceRepository implements AutoCloseable {

  private static final PersonIdent AUTHOR = new PersonIdent("Aloft Test", "test@aloft.dev");

  private final Path bare;
  private final Path work;
  private final String url;
  private String head;

  private ServiceRepository(Path bare, Path work, String url) {
    this.bare = bare;
    this.work = work;
    this.url = url;
  }

  /** Pushes {@code src/test/resources/fixtures/<fixture>} as the first commit of {@code main}. */
  public static ServiceRepository create(Path temp, String fixture) throws Exception {
    GitDaemon daemon = GitDaemon.fromInfra();
    String name = "aloft-" + fixture + "-" + UUID.randomUUID().toString().substring(0, 8) + ".git";
    Path work = Files.createDirectories(temp.resolve(fixture + "-work"));
    ServiceRepository repo =
        new ServiceRepository(daemon.reposDir().resolve(name), work, daemon.url(name));
    Git.init()
        .setBare(true)
        .setInitialBranch("main")
        .setDirectory(repo.bare.toFile())
        .call()
        .close();
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      FixtureRepository.copyFixture(fixture, work);
      repo.commitAndPush(git, "Add " + fixture);
    }
    return repo;
  }

  /** The repository's own ./mvnw, which the ITs build the fixtures with, offline. */
  public static Path aloftMvnw() {
    return ServiceBuilderIT.aloftMvnw();
  }

  /** git://.../aloft-FIXTURE-XXXX.git */
  public String url() {
    return url;
  }

  /** The commit {@code main} points to. */
  public String head() {
    return head;
  }

  /** Replaces {@code from} by {@code to} in {@code file}, commits and pushes; the new commit. */
  public String change(String file, String from, String to) throws Exception {
    Path path = work.resolve(file);
    String text = Files.readString(path);
    if (!text.contains(from)) {
      throw new IllegalArgumentException(file + " does not contain '" + from + "'");
    }
    Files.writeString(path, text.replace(from, to));
    try (Git git = Git.open(work.toFile())) {
      commitAndPush(git, "Change " + file);
    }
    return head;
  }

  private void commitAndPush(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    head =
        git.commit()
            .setMessage(message)
            .setAuthor(AUTHOR)
            .setCommitter(AUTHOR)
            .setSign(false)
            .call()
            .name();
    git.push()
        .setRemote(bare.toUri().toString())
        .setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
        .call();
  }

  @Override
  public void close() throws Exception {
    FixtureRepository.deleteTree(bare);
  }
}
