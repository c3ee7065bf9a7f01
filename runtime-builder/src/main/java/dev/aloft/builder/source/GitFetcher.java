package dev.aloft.builder.source;

import dev.aloft.builder.BuildProgress;
import dev.aloft.builder.BuilderSettings;
import dev.aloft.builder.GitCredentials;
import dev.aloft.builder.SourceFetchException;
import dev.aloft.builder.SourceRef;
import dev.aloft.builder.SourceRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Fetches a git source with JGit into a folder and checks out the asked-for branch, tag or commit
 * (detached). A branch or tag is fetched shallow (depth 1); a commit id needs the history, so its
 * repository is fetched whole. The repository may not grow over the size limit, during the fetch
 * nor after the checkout. Credentials go to git through a credentials provider only: no message
 * from here shows the secret, nor a URL with user information.
 */
public final class GitFetcher {

  private final BuilderSettings settings;

  public GitFetcher(BuilderSettings settings) {
    this.settings = settings;
  }

  /**
   * Checks out {@code source} into {@code dir} (which must not exist or be empty).
   *
   * @param remoteCaller ssh then uses no key of this process's user, only the credentials given
   */
  public Checkout fetch(
      SourceRef source,
      Optional<GitCredentials> credentials,
      boolean remoteCaller,
      Path dir,
      BuildProgress progress)
      throws SourceFetchException, SourceRefusedException {
    Redactor redactor = new Redactor(credentials);
    CredentialsProvider provider = credentials.map(CallerCredentials::new).orElse(null);
    SshdSessionFactory ssh =
        source.scheme().equals("ssh") ? sshSessions(settings.sshDirectory(), remoteCaller) : null;
    TransportConfigCallback transport =
        t -> {
          if (ssh != null && t instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(ssh);
          }
        };
    int timeout = (int) Math.max(1, settings.fetchTimeout().toSeconds());
    String where = source.displayUrl();
    try {
      progress.output("Fetching " + source);
      Map<String, Ref> remote;
      try {
        remote =
            Git.lsRemoteRepository()
                .setRemote(source.fetchUrl())
                .setCredentialsProvider(provider)
                .setTransportConfigCallback(transport)
                .setTimeout(timeout)
                .callAsMap();
      } catch (GitAPIException | RuntimeException e) {
        throw new SourceFetchException(
            "cannot reach git repository " + where + ": " + reason(redactor, source, e));
      }
      Target target = target(source, remote, where);
      prepare(dir);
      SizeGuard guard = new SizeGuard(dir, settings.maxRepositoryBytes());
      try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
        List<RefSpec> specs =
            target.fullRef != null
                ? List.of(new RefSpec("+" + target.fullRef + ":" + target.fullRef))
                : List.of(
                    new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
                    new RefSpec("+refs/tags/*:refs/tags/*"));
        try {
          var fetch =
              git.fetch()
                  .setRemote(source.fetchUrl())
                  .setRefSpecs(specs)
                  .setCredentialsProvider(provider)
                  .setTransportConfigCallback(transport)
                  .setTimeout(timeout)
                  .setProgressMonitor(guard);
          if (target.fullRef != null) {
            fetch.setDepth(1);
          }
          fetch.call();
        } catch (GitAPIException | RuntimeException e) {
          refuseIfOver(guard.over(), where);
          throw new SourceFetchException(
              "cannot fetch "
                  + target.describe()
                  + " from "
                  + where
                  + ": "
                  + reason(redactor, source, e));
        }
        refuseIfOver(guard.over(), where);
        refuseIfOver(DirectorySize.over(dir, settings.maxRepositoryBytes()), where);
        Repository repository = git.getRepository();
        ObjectId commit = resolveCommit(repository, target, where);
        try {
          git.checkout().setName(commit.name()).call();
        } catch (GitAPIException | RuntimeException e) {
          throw new SourceFetchException(
              "cannot check out "
                  + target.describe()
                  + " of "
                  + where
                  + ": "
                  + reason(redactor, source, e));
        }
        refuseIfOver(DirectorySize.over(dir, settings.maxRepositoryBytes()), where);
        progress.output("Checked out " + target.describe() + " at commit " + commit.name());
        return new Checkout(dir, commit.name(), target.name);
      } catch (GitAPIException e) {
        throw new SourceFetchException(
            "cannot create a git repository in " + dir + ": " + reason(redactor, source, e));
      }
    } catch (SourceRefusedException e) {
      // Over the size limit: do not leave the oversized checkout behind.
      deleteQuietly(dir);
      throw e;
    } catch (IOException e) {
      throw new SourceFetchException("cannot check out into " + dir + ": " + e);
    } finally {
      if (ssh != null) {
        ssh.close();
      }
    }
  }

  /**
   * The caller's credentials for git. Said to be interactive because JGit's ssh asks only an
   * interactive provider for a password; it answers nothing but the user name and the password (so,
   * for instance, an unknown host key is not accepted).
   */
  private static final class CallerCredentials extends UsernamePasswordCredentialsProvider {
    CallerCredentials(GitCredentials credentials) {
      super(credentials.username(), credentials.secret());
    }

    @Override
    public boolean isInteractive() {
      return true;
    }
  }

  /** git's reason, without the URL that JGit puts in front of it (the message already has it). */
  private static String reason(Redactor redactor, SourceRef source, Throwable e) {
    String reason = redactor.messageOf(e);
    for (String url :
        List.of(source.fetchUrl(), source.displayUrl(), redactor.redact(source.fetchUrl()))) {
      if (reason.startsWith(url + ": ")) {
        return reason.substring(url.length() + 2);
      }
    }
    return reason;
  }

  /** What to fetch: a full ref name, or (fullRef null) a commit id that needs all history. */
  private record Target(String fullRef, String name, boolean commit) {
    String describe() {
      if (commit) {
        return "commit " + name;
      }
      return (fullRef.startsWith(Constants.R_TAGS) ? "tag " : "branch ") + name;
    }
  }

  private static Target target(SourceRef source, Map<String, Ref> remote, String where)
      throws SourceFetchException {
    if (source.ref().isEmpty()) {
      Ref head = remote.get(Constants.HEAD);
      if (head == null || !head.isSymbolic()) {
        throw new SourceFetchException(
            "git repository "
                + where
                + " has no default branch (HEAD); give a branch, tag or commit with @ref");
      }
      String full = head.getTarget().getName();
      return new Target(full, Repository.shortenRefName(full), false);
    }
    String ref = source.ref().get();
    for (String candidate : List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref, ref)) {
      if (candidate.startsWith(Constants.R_REFS) && remote.containsKey(candidate)) {
        return new Target(candidate, ref, false);
      }
    }
    if (source.refLooksLikeCommit()) {
      return new Target(null, ref.toLowerCase(java.util.Locale.ROOT), true);
    }
    throw new SourceFetchException(
        "no branch or tag '" + ref + "' in " + where + " (it has " + known(remote) + ")");
  }

  private static String known(Map<String, Ref> remote) {
    List<String> branches = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    for (String name : remote.keySet()) {
      if (name.startsWith(Constants.R_HEADS)) {
        branches.add(Repository.shortenRefName(name));
      } else if (name.startsWith(Constants.R_TAGS) && !name.endsWith("^{}")) {
        tags.add(Repository.shortenRefName(name));
      }
    }
    branches.sort(null);
    tags.sort(null);
    return "branches: " + list(branches) + "; tags: " + list(tags);
  }

  private static String list(List<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    if (names.size() > 10) {
      return String.join(", ", names.subList(0, 10)) + ", ... (" + names.size() + " in all)";
    }
    return String.join(", ", names);
  }

  private static ObjectId resolveCommit(Repository repository, Target target, String where)
      throws IOException, SourceFetchException {
    ObjectId id;
    if (!target.commit) {
      Ref ref = repository.exactRef(target.fullRef);
      if (ref == null) {
        throw new SourceFetchException(
            target.describe() + " of " + where + " was not received from the server");
      }
      id = ref.getObjectId();
    } else {
      try (ObjectReader reader = repository.newObjectReader()) {
        Collection<ObjectId> matches = reader.resolve(AbbreviatedObjectId.fromString(target.name));
        if (matches.isEmpty()) {
          throw new SourceFetchException(
              "no branch, tag or commit '" + target.name + "' in " + where);
        }
        if (matches.size() > 1) {
          throw new SourceFetchException(
              "commit id '"
                  + target.name
                  + "' is ambiguous in "
                  + where
                  + " ("
                  + matches.size()
                  + " objects start with it); give more digits");
        }
        id = matches.iterator().next();
      }
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(id);
      return commit.getId();
    } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      throw new SourceFetchException(
          "'" + target.name + "' in " + where + " is not a commit (nor a tag of one)");
    }
  }

  private void refuseIfOver(OptionalLong size, String where) throws SourceRefusedException {
    if (size.isPresent()) {
      throw new SourceRefusedException(
          "git repository "
              + where
              + " is over the size limit: it holds more than "
              + size.getAsLong()
              + " bytes, the limit is "
              + settings.maxRepositoryBytes()
              + " bytes");
    }
  }

  private static void prepare(Path dir) throws IOException {
    delete(dir);
    Files.createDirectories(dir);
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /**
   * Deletes {@code dir}, trying again a few times: JGit may still be writing in it from another
   * thread for a moment (e.g. the probe files it uses to measure the file system's timestamp
   * resolution), which makes a walk-and-delete fail with a directory that is not empty.
   */
  private static void deleteQuietly(Path dir) {
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        delete(dir);
        return;
      } catch (IOException | UncheckedIOException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    // Best effort: the caller owns the work folder and may clean it.
  }

  /**
   * ssh with the configured ssh folder ({@code known_hosts}, {@code config}); for a remote caller
   * it offers none of this process's user's keys: the caller brings its own credentials.
   */
  private static SshdSessionFactory sshSessions(Path sshDirectory, boolean remoteCaller) {
    SshdSessionFactoryBuilder builder =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(FS.DETECTED.userHome())
            .setSshDirectory(sshDirectory.toFile());
    if (remoteCaller) {
      builder.setDefaultIdentities(dir -> List.of());
    }
    return builder.build(null);
  }
}
