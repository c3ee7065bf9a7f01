package dev.aloft.builder;

import dev.aloft.builder.build.MavenBuild;
import dev.aloft.builder.source.Checkout;
import dev.aloft.builder.source.CheckoutEscapes;
import dev.aloft.builder.source.GitFetcher;
import dev.aloft.builder.source.SourcePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a source into a runnable artifact: parses it ({@link SourceRef}), applies the source
 * policy, fetches it from git into the request's work folder (or takes the local folder as it is),
 * keeps the build inside the checkout, builds it (Maven, or a ready jar) and says how to run the
 * result. Safe to use from several threads, one request per work folder.
 */
public final class ServiceBuilder {

  private static final System.Logger LOG = System.getLogger(ServiceBuilder.class.getName());

  private final BuilderSettings settings;
  private final SourcePolicy policy;
  private final GitFetcher fetcher;
  private final MavenBuild maven;

  public ServiceBuilder(BuilderSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.policy = new SourcePolicy(settings);
    this.fetcher = new GitFetcher(settings);
    this.maven = new MavenBuild(settings);
  }

  public BuilderSettings settings() {
    return settings;
  }

  /**
   * Fetches and builds {@code request.source()}.
   *
   * @throws SourceRefusedException the source is malformed or the policy refuses it; the message
   *     names the rule and the value
   * @throws SourceFetchException git failed (unknown repository or ref, authentication,
   *     unreachable), or the folder or sub-folder does not exist
   * @throws BuildFailedException the build failed (exit code and the tail of its output in the
   *     message), timed out, or made no runnable jar
   */
  public BuildResult build(BuildRequest request, BuildProgress progress)
      throws SourceRefusedException, SourceFetchException, BuildFailedException {
    SourceRef source;
    try {
      source = SourceRef.parse(request.source());
    } catch (InvalidSourceException e) {
      throw new SourceRefusedException("invalid source: " + e.getMessage());
    }
    policy.check(source, request.remoteCaller());
    LOG.log(System.Logger.Level.INFO, "Building {0}", source);

    Path serviceDir;
    Path sourceRoot;
    Optional<String> commit = Optional.empty();
    Optional<String> ref = Optional.empty();
    if (source.isLocal()) {
      serviceDir = localFolder(source.localPath());
      sourceRoot = enclosingWorkTree(serviceDir);
    } else {
      progress.phase(BuildPhase.FETCHING);
      Optional<GitCredentials> credentials = request.credentials().or(source::urlCredentials);
      Checkout checkout =
          fetcher.fetch(
              source,
              credentials,
              request.remoteCaller(),
              request.workDir().resolve("source"),
              progress);
      String where = source.displayUrl() + "@" + checkout.ref();
      serviceDir = CheckoutEscapes.serviceDir(checkout.dir(), source.subFolder(), where);
      CheckoutEscapes.checkLinks(checkout.dir(), serviceDir);
      sourceRoot = realPath(checkout.dir());
      commit = Optional.of(checkout.commit());
      ref = Optional.of(checkout.ref());
    }

    progress.phase(BuildPhase.BUILDING);
    Path artifact = maven.build(serviceDir, sourceRoot, progress);
    List<String> command = List.of(settings.javaCommand(), "-jar", artifact.toString());
    LOG.log(System.Logger.Level.INFO, "Built {0}: {1}", source, artifact);
    progress.phase(BuildPhase.DONE);
    return new BuildResult(serviceDir, commit, ref, artifact, command, sourceRoot);
  }

  private static Path localFolder(Path path) throws SourceFetchException {
    if (!Files.exists(path)) {
      throw new SourceFetchException("local folder '" + path + "' does not exist");
    }
    if (!Files.isDirectory(path)) {
      throw new SourceFetchException("'" + path + "' is not a folder");
    }
    return realPath(path);
  }

  /**
   * The top of the git work tree that holds a local folder (where a project keeps its {@code
   * mvnw}), or the folder itself when it is in none.
   */
  private static Path enclosingWorkTree(Path folder) {
    for (Path dir = folder; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        return dir;
      }
    }
    return folder;
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot resolve " + path, e);
    }
  }
}
