package dev.aloft.builder.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildProgress;
import dev.aloft.builder.BuildResult;
import dev.aloft.builder.BuilderSettings;
import dev.aloft.builder.ImagePushException;
import dev.aloft.builder.build.MavenBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Turns a built service ({@link BuildResult}) into an OCI image with Jib, without a Docker daemon,
 * on the configured base image, and pushes it: layers as {@link ImageLayout} describes (so a change
 * to the code pushes only the top layer), working directory {@code /app}, environment {@code
 * ALOFT_REVISION} and label {@code org.opencontainers.image.revision} set to the commit. Jib's
 * fixed file times make the same build give the same layer digests.
 */
public final class ServiceImage {

  private static final System.Logger LOG = System.getLogger(ServiceImage.class.getName());

  private final ImageSettings settings;
  private final MavenBuild maven;

  public ServiceImage(BuilderSettings builderSettings, ImageSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.maven = new MavenBuild(builderSettings);
  }

  public ImageSettings settings() {
    return settings;
  }

  /**
   * Makes the image of {@code built} and pushes it to {@code target}.
   *
   * @param target {@code registry/repository[:tag]}; without a tag, the commit id is the tag (and
   *     {@code latest} for a local folder, which has none)
   * @param credentials for the target registry, and for the base image's when it is the same
   * @throws ImagePushException no base image is configured, a reference is malformed, the base
   *     image cannot be pulled or the registry refused the push
   * @throws BuildFailedException the runtime dependencies could not be copied
   */
  public PushedImage push(
      BuildResult built,
      String target,
      Optional<RegistryCredentials> credentials,
      BuildProgress progress)
      throws ImagePushException, BuildFailedException {
    String base =
        settings
            .baseImage()
            .orElseThrow(
                () ->
                    new ImagePushException(
                        "no base image is configured: set ALOFT_BUILDER_BASE_IMAGE to a JRE 17"
                            + " image (infra/images/up makes 127.0.0.1:5000/aloft/jre:17)"));
    ImageReference baseRef = parse(base, "base image");
    ImageReference targetRef = parse(target, "image");
    String tag =
        targetRef.usesDefaultTag() && !target.endsWith(":latest")
            ? built.commit().orElse("latest")
            : targetRef.getTag().orElse("latest");
    if (targetRef.getDigest().isPresent()) {
      throw new ImagePushException(
          "invalid image reference '" + target + "': give a tag or none, not a digest");
    }
    ImageReference to = ImageReference.of(targetRef.getRegistry(), targetRef.getRepository(), tag);

    ImageLayout layout = ImageLayout.of(built, dependencies(built, progress));
    RegistryImage from = RegistryImage.named(baseRef);
    RegistryImage into = RegistryImage.named(to);
    credentials.ifPresent(c -> into.addCredential(c.username(), c.password()));
    if (credentials.isPresent() && baseRef.getRegistry().equals(to.getRegistry())) {
      from.addCredential(credentials.get().username(), credentials.get().password());
    }

    JibContainerBuilder image =
        Jib.from(from).setEntrypoint(layout.entrypoint()).setWorkingDirectory(ImageLayout.APP);
    layout.layers().forEach(image::addFileEntriesLayer);
    built
        .commit()
        .ifPresent(
            commit -> {
              image.setEnvironment(Map.of("ALOFT_REVISION", commit));
              image.addLabel("org.opencontainers.image.revision", commit);
            });
    Containerizer containerizer =
        Containerizer.to(into)
            .setToolName("aloft-runtime-builder")
            .setAllowInsecureRegistries(settings.allowInsecureRegistries())
            .setBaseImageLayersCache(settings.cacheDirectory().resolve("base"))
            .setApplicationLayersCache(settings.cacheDirectory().resolve("application"))
            .addEventHandler(LogEvent.class, event -> log(event, progress));
    progress.output("Making image " + to + " on " + baseRef);
    long started = System.nanoTime();
    try {
      JibContainer container = image.containerize(containerizer);
      long millis = (System.nanoTime() - started) / 1_000_000;
      String repository = to.getRegistry() + "/" + to.getRepository();
      PushedImage pushed = new PushedImage(repository, tag, container.getDigest().toString());
      LOG.log(
          System.Logger.Level.INFO,
          "Pushed {0} in {1} ms",
          pushed.reference(),
          String.valueOf(millis));
      progress.output("Pushed " + pushed.reference() + " in " + millis + " ms");
      return pushed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImagePushException("making image " + to + " was interrupted");
    } catch (ExecutionException e) {
      throw failure(to, baseRef, e.getCause() == null ? e : e.getCause());
    } catch (Exception e) {
      throw failure(to, baseRef, e);
    }
  }

  /** The runtime jars of a Maven project, copied afresh into {@code target/aloft-image-libs}. */
  private Path dependencies(BuildResult built, BuildProgress progress) throws BuildFailedException {
    Path dir = built.serviceDir().resolve("target").resolve("aloft-image-libs");
    boolean mavenProject = Files.isRegularFile(built.serviceDir().resolve("pom.xml"));
    boolean quarkus = built.artifact().getFileName().toString().equals("quarkus-run.jar");
    if (!mavenProject || quarkus) {
      return dir;
    }
    deleteTree(dir);
    maven.copyRuntimeDependencies(built.serviceDir(), built.sourceRoot(), dir, progress);
    return dir;
  }

  private static ImageReference parse(String reference, String what) throws ImagePushException {
    try {
      return ImageReference.parse(reference.strip());
    } catch (InvalidImageReferenceException e) {
      throw new ImagePushException(
          "invalid " + what + " reference '" + reference + "': expected registry/repository[:tag]");
    }
  }

  private ImagePushException failure(ImageReference to, ImageReference base, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    reason = reason.replaceAll("\\s+", " ").strip();
    if (cause instanceof InsecureRegistryException) {
      reason += " (a registry over plain HTTP needs ALOFT_BUILDER_INSECURE_REGISTRY=true)";
    } else if (cause instanceof RegistryUnauthorizedException) {
      reason = "not authorized: " + reason;
    }
    return new ImagePushException("cannot make image " + to + " on " + base + ": " + reason);
  }

  private static void log(LogEvent event, BuildProgress progress) {
    switch (event.getLevel()) {
      case ERROR, WARN, LIFECYCLE -> progress.output(event.getMessage());
      default -> {}
    }
  }

  private static void deleteTree(Path root) throws BuildFailedException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new BuildFailedException("cannot clear " + root + ": " + e.getMessage());
    }
  }
}
