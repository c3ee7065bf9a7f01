package dev.aloft.builder.build;

import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildProgress;
import dev.aloft.builder.BuilderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a service folder into its runnable jar. With a {@code pom.xml}: {@code mvn -B -q package
 * -DskipTests} (tests only when the settings say so, {@code -o} when they say offline), through the
 * project's own {@code mvnw} when the folder or one above it within the source has one, else the
 * configured Maven. Without a {@code pom.xml}: the folder's one runnable jar, as is.
 */
public final class MavenBuild {

  /** The version of maven-dependency-plugin that copies a service's runtime dependencies. */
  public static final String DEPENDENCY_PLUGIN = "3.8.1";

  private final BuilderSettings settings;

  public MavenBuild(BuilderSettings settings) {
    this.settings = settings;
  }

  /**
   * Builds {@code serviceDir} and returns the runnable artifact.
   *
   * @param sourceRoot the top of the source (the checkout, or the local folder itself); a {@code
   *     mvnw} is looked for from {@code serviceDir} up to it
   */
  public Path build(Path serviceDir, Path sourceRoot, BuildProgress progress)
      throws BuildFailedException {
    if (!Files.isRegularFile(serviceDir.resolve("pom.xml"))) {
      return RunnableJars.readyJar(serviceDir);
    }
    List<String> command = command(serviceDir, sourceRoot);
    progress.output("Building with " + String.join(" ", command));
    BuildProcess.run(command, serviceDir, settings.buildTimeout(), progress);
    return RunnableJars.inBuildOutput(serviceDir.resolve("target"), progress);
  }

  /**
   * Copies the runtime dependencies of the Maven project in {@code serviceDir} (scope runtime, so
   * compile too) as jars into {@code into}, with {@code maven-dependency-plugin} {@value
   * #DEPENDENCY_PLUGIN}, through the same Maven, settings and environment as {@link #build}.
   */
  public void copyRuntimeDependencies(
      Path serviceDir, Path sourceRoot, Path into, BuildProgress progress)
      throws BuildFailedException {
    List<String> command =
        command(
            serviceDir,
            sourceRoot,
            List.of(
                "org.apache.maven.plugins:maven-dependency-plugin:"
                    + DEPENDENCY_PLUGIN
                    + ":copy-dependencies",
                "-DincludeScope=runtime",
                "-DexcludeTransitive=false",
                "-DoutputDirectory=" + into));
    progress.output("Copying the runtime dependencies with " + String.join(" ", command));
    BuildProcess.run(command, serviceDir, settings.buildTimeout(), progress);
  }

  List<String> command(Path serviceDir, Path sourceRoot) {
    List<String> goals = new ArrayList<>();
    if (!settings.runTests()) {
      goals.add("-DskipTests");
    }
    goals.add("package");
    return command(serviceDir, sourceRoot, goals);
  }

  private List<String> command(Path serviceDir, Path sourceRoot, List<String> goals) {
    List<String> command = new ArrayList<>();
    Path wrapper = wrapper(serviceDir, sourceRoot);
    if (wrapper == null) {
      command.addAll(settings.mavenCommand());
    } else if (Files.isExecutable(wrapper)) {
      command.add(wrapper.toString());
    } else {
      command.add("sh");
      command.add(wrapper.toString());
    }
    command.add("-B");
    command.add("-q");
    if (settings.mavenOffline()) {
      command.add("-o");
    }
    command.add("-Dstyle.color=never");
    command.addAll(goals);
    return command;
  }

  private static Path wrapper(Path serviceDir, Path sourceRoot) {
    for (Path dir = serviceDir; dir != null && dir.startsWith(sourceRoot); dir = dir.getParent()) {
      Path mvnw = dir.resolve("mvnw");
      if (Files.isRegularFile(mvnw)) {
        return mvnw;
      }
    }
    return null;
  }
}
