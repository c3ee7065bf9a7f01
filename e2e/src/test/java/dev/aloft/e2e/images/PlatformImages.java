package dev.aloft.e2e.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildResult;
import dev.aloft.builder.image.ImageLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Makes the images of the operator and the platform server from their built Quarkus applications
 * and pushes them: {@code <registry>/aloft/operator:<version>} and {@code
 * <registry>/aloft/server:<version>}, on the JRE image of infra/images/up. The layers are those of
 * runtime-builder's {@link ImageLayout} for a Quarkus application (libraries, Quarkus' generated
 * files, the application), so a code change pushes only the small top layer; the container runs
 * {@code java -jar /app/quarkus-run.jar}.
 *
 * <p>Run by the e2e module before its tests ({@code pre-integration-test}, skipped with {@code
 * -Daloft.images.skip}); by hand see docs/helm.md.
 *
 * <p>Arguments: the repository's root, the registry (e.g. {@code 127.0.0.1:5000}), the base image
 * and the tag.
 */
public final class PlatformImages {

  /** The application modules that become images, and the image's repository in the registry. */
  static final List<String> COMPONENTS = List.of("operator", "server");

  private PlatformImages() {}

  public static void main(String... args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: PlatformImages REPOSITORY_ROOT REGISTRY BASE_IMAGE TAG");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    String registry = args[1];
    String base = args[2];
    String tag = args[3];
    for (String component : COMPONENTS) {
      String target = registry + "/aloft/" + component + ":" + tag;
      long started = System.nanoTime();
      String digest = push(root.resolve(component), base, target);
      System.out.printf(
          "[aloft] pushed %s@%s in %d ms%n",
          target, digest, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** Pushes the image of the Quarkus application built in {@code module}; returns its digest. */
  static String push(Path module, String base, String target) throws Exception {
    Path run = module.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(run)) {
      throw new IllegalStateException(
          run + " does not exist: build " + module.getFileName() + " first (./mvnw package)");
    }
    ImageLayout layout = layout(module, run);
    JibContainerBuilder image =
        Jib.from(RegistryImage.named(reference(base)))
            .setEntrypoint(layout.entrypoint())
            .setWorkingDirectory(ImageLayout.APP)
            .addLabel("org.opencontainers.image.title", "aloft-" + module.getFileName())
            .addLabel(
                "org.opencontainers.image.version", target.substring(target.lastIndexOf(':') + 1));
    layout.layers().forEach(image::addFileEntriesLayer);
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "aloft", "jib");
    JibContainer container =
        image.containerize(
            Containerizer.to(RegistryImage.named(reference(target)))
                .setToolName("aloft-e2e")
                .setAllowInsecureRegistries(true)
                .setBaseImageLayersCache(cache.resolve("base"))
                .setApplicationLayersCache(cache.resolve("application")));
    return container.getDigest().toString();
  }

  static ImageLayout layout(Path module, Path run) throws BuildFailedException {
    BuildResult built =
        new BuildResult(module, Optional.empty(), Optional.empty(), run, List.of(), module);
    return ImageLayout.of(built, module.resolve("target"));
  }

  private static ImageReference reference(String image) throws InvalidImageReferenceException {
    return ImageReference.parse(image);
  }
}
