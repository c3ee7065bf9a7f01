package dev.aloft.builder.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildResult;
import dev.aloft.builder.build.RunnableJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where a built service's files go in its image, and how the image starts it: pure, from the files
 * on disk. Layers from the least to the most often changed, so that a change to the code pushes
 * only the small top layer:
 *
 * <ul>
 *   <li>a Maven project: {@code dependencies} (the runtime jars, {@code /app/libs}), {@code
 *       resources} (what {@code target/classes} holds besides classes, {@code /app/resources}),
 *       {@code classes} ({@code /app/classes}); started with {@code java -cp
 *       /app/resources:/app/classes:/app/libs/* <Main-Class of the built jar>};
 *   <li>a Quarkus application ({@code target/quarkus-app}): {@code dependencies} ({@code lib/}),
 *       {@code resources} ({@code quarkus/} and the other files Quarkus generated), {@code classes}
 *       ({@code app/} and {@code quarkus-run.jar}); started with {@code java -jar
 *       /app/quarkus-run.jar};
 *   <li>a ready jar (no Maven project): one layer, {@code application}; {@code java -jar
 *       /app/<jar>}.
 * </ul>
 *
 * Layers without files are left out.
 *
 * @param layers bottom first, each named
 * @param entrypoint the container's entry point; {@code java} comes from the base image's {@code
 *     PATH}
 */
public record ImageLayout(List<FileEntriesLayer> layers, List<String> entrypoint) {

  /** Where the application lives in the image, and the container's working directory. */
  public static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/app");

  public ImageLayout {
    layers = List.copyOf(layers);
    entrypoint = List.copyOf(entrypoint);
  }

  /**
   * The layout of {@code built}.
   *
   * @param dependencies the folder holding the runtime dependency jars of a Maven project (ignored
   *     for Quarkus applications and ready jars)
   */
  public static ImageLayout of(BuildResult built, Path dependencies) throws BuildFailedException {
    Path artifact = built.artifact();
    Path quarkusApp = artifact.getParent();
    if (artifact.getFileName().toString().equals("quarkus-run.jar")
        && quarkusApp.getFileName().toString().equals("quarkus-app")) {
      return quarkus(quarkusApp);
    }
    if (!Files.isRegularFile(built.serviceDir().resolve("pom.xml"))) {
      return readyJar(artifact);
    }
    return maven(built.serviceDir().resolve("target/classes"), dependencies, mainClass(artifact));
  }

  static ImageLayout maven(Path classes, Path dependencies, String mainClass)
      throws BuildFailedException {
    Predicate<Path> isClass = p -> p.getFileName().toString().endsWith(".class");
    List<FileEntriesLayer> layers = new ArrayList<>();
    add(layers, layer("dependencies", dependencies, APP.resolve("libs"), p -> isJar(p)));
    add(layers, layer("resources", classes, APP.resolve("resources"), isClass.negate()));
    add(layers, layer("classes", classes, APP.resolve("classes"), isClass));
    return new ImageLayout(
        layers, List.of("java", "-cp", "/app/resources:/app/classes:/app/libs/*", mainClass));
  }

  static ImageLayout quarkus(Path app) throws BuildFailedException {
    List<FileEntriesLayer> layers = new ArrayList<>();
    add(layers, layer("dependencies", app.resolve("lib"), APP.resolve("lib"), p -> true));
    Predicate<Path> code =
        p -> p.startsWith(app.resolve("lib")) || p.startsWith(app.resolve("app")) || isRun(app, p);
    add(layers, layer("resources", app, APP, code.negate()));
    Predicate<Path> appCode = p -> p.startsWith(app.resolve("app")) || isRun(app, p);
    add(layers, layer("classes", app, APP, appCode));
    return new ImageLayout(layers, List.of("java", "-jar", "/app/quarkus-run.jar"));
  }

  static ImageLayout readyJar(Path jar) {
    String name = jar.getFileName().toString();
    FileEntriesLayer layer =
        FileEntriesLayer.builder().setName("application").addEntry(jar, APP.resolve(name)).build();
    return new ImageLayout(List.of(layer), List.of("java", "-jar", "/app/" + name));
  }

  private static boolean isRun(Path app, Path p) {
    return p.equals(app.resolve("quarkus-run.jar"));
  }

  private static boolean isJar(Path p) {
    return p.getFileName().toString().endsWith(".jar");
  }

  private static String mainClass(Path jar) throws BuildFailedException {
    String main = RunnableJars.mainClass(jar);
    if (main == null) {
      throw new BuildFailedException(jar.getFileName() + " has no Main-Class in its manifest");
    }
    return main;
  }

  private static void add(List<FileEntriesLayer> layers, FileEntriesLayer layer) {
    if (!layer.getEntries().isEmpty()) {
      layers.add(layer);
    }
  }

  /**
   * The regular files under {@code dir} that {@code include} accepts, in name order; symbolic links
   * are not followed, so nothing from outside the build output gets into the image.
   */
  private static FileEntriesLayer layer(
      String name, Path dir, AbsoluteUnixPath at, Predicate<Path> include)
      throws BuildFailedException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    if (!Files.isDirectory(dir)) {
      return layer.build();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file :
          files
              .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .filter(include)
              .sorted()
              .toList()) {
        layer.addEntry(file, at.resolve(dir.relativize(file).toString().replace('\\', '/')));
      }
    } catch (IOException e) {
      throw new BuildFailedException("cannot read " + dir + ": " + e.getMessage());
    }
    return layer.build();
  }
}
