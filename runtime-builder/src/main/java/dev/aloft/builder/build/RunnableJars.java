package dev.aloft.builder.build;

import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The artifact rule: a Quarkus app's {@code target/quarkus-app/quarkus-run.jar}, else the jar in
 * {@code target/} whose manifest has a {@code Main-Class} ({@code original-*.jar} skipped; when
 * there are several, the largest, which is the one with its dependencies inside); for a folder
 * without a build, the one runnable jar it holds.
 */
public final class RunnableJars {

  private RunnableJars() {}

  /** The runnable artifact a Maven build left in {@code target}. */
  public static Path inBuildOutput(Path target, BuildProgress progress)
      throws BuildFailedException {
    Path quarkus = target.resolve("quarkus-app").resolve("quarkus-run.jar");
    if (Files.isRegularFile(quarkus)) {
      return quarkus;
    }
    List<Path> jars = jars(target);
    List<Path> runnable = runnable(jars);
    if (runnable.isEmpty()) {
      throw new BuildFailedException(
          jars.isEmpty()
              ? "the build made no jar in target/"
              : "no jar in target/ has a Main-Class in its manifest (found "
                  + names(jars)
                  + "): set it with maven-jar-plugin's <manifest><mainClass>, or build an"
                  + " executable jar (Quarkus, shade)");
    }
    if (runnable.size() == 1) {
      return runnable.get(0);
    }
    Path largest =
        runnable.stream().max(Comparator.comparingLong(RunnableJars::size)).orElseThrow();
    progress.output(
        "Several runnable jars in target/ ("
            + names(runnable)
            + "): running the largest, "
            + largest.getFileName());
    return largest;
  }

  /** The one runnable jar of a folder that has no build of its own. */
  public static Path readyJar(Path dir) throws BuildFailedException {
    List<Path> runnable = runnable(jars(dir));
    if (runnable.isEmpty()) {
      throw new BuildFailedException(
          "nothing to build in "
              + dir
              + ": Aloft builds a Maven project (pom.xml) or runs a ready jar with a Main-Class");
    }
    if (runnable.size() > 1) {
      throw new BuildFailedException(
          "several runnable jars in " + dir + " (" + names(runnable) + "): keep the one to run");
    }
    return runnable.get(0);
  }

  /** The Main-Class of a jar's manifest, or null when it has none or is not a jar. */
  public static String mainClass(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      if (manifest == null) {
        return null;
      }
      String main = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
      return main == null || main.isBlank() ? null : main.strip();
    } catch (IOException e) {
      return null;
    }
  }

  private static List<Path> jars(Path dir) throws BuildFailedException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(p -> !p.getFileName().toString().startsWith("original-"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new BuildFailedException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  private static List<Path> runnable(List<Path> jars) {
    List<Path> runnable = new ArrayList<>();
    for (Path jar : jars) {
      if (mainClass(jar) != null) {
        runnable.add(jar);
      }
    }
    return runnable;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String names(List<Path> jars) {
    return String.join(", ", jars.stream().map(p -> p.getFileName().toString()).toList());
  }
}
