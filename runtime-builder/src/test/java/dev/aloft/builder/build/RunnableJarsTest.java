package dev.aloft.builder.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildProgress;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact rule on jars made by hand. */
class RunnableJarsTest {

  @TempDir Path target;

  @Test
  void theJarWithAMainClassSkippingOriginals() throws Exception {
    jar("app-1.0-sources.jar", null, 10);
    jar("original-app-1.0.jar", "demo.Main", 10);
    Path app = jar("app-1.0.jar", "demo.Main", 10);
    assertThat(RunnableJars.inBuildOutput(target, BuildProgress.NONE)).isEqualTo(app);
  }

  @Test
  void quarkusRunJarWins() throws Exception {
    jar("app-1.0.jar", "demo.Main", 10);
    Files.createDirectories(target.resolve("quarkus-app"));
    Path run =
        jar("quarkus-app/quarkus-run.jar", "io.quarkus.bootstrap.runner.QuarkusEntryPoint", 1);
    assertThat(RunnableJars.inBuildOutput(target, BuildProgress.NONE)).isEqualTo(run);
  }

  @Test
  void severalRunnableJarsTheLargestIsRunAndSaid() throws Exception {
    jar("app-1.0.jar", "demo.Main", 10);
    Path fat = jar("app-1.0-jar-with-dependencies.jar", "demo.Main", 5000);
    List<String> said = new ArrayList<>();
    assertThat(RunnableJars.inBuildOutput(target, output(said))).isEqualTo(fat);
    assertThat(said)
        .singleElement()
        .asString()
        .contains("running the largest, " + fat.getFileName());
  }

  @Test
  void noMainClassIsAClearError() throws Exception {
    jar("lib-1.0.jar", null, 10);
    assertThatThrownBy(() -> RunnableJars.inBuildOutput(target, BuildProgress.NONE))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("no jar in target/ has a Main-Class")
        .hasMessageContaining("lib-1.0.jar");
  }

  @Test
  void noJarAtAll() {
    assertThatThrownBy(() -> RunnableJars.inBuildOutput(target.resolve("none"), BuildProgress.NONE))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("made no jar");
  }

  @Test
  void readyJarFolder() throws Exception {
    Path app = jar("app.jar", "demo.Main", 10);
    jar("lib.jar", null, 10);
    assertThat(RunnableJars.readyJar(target)).isEqualTo(app);
    jar("other.jar", "demo.Other", 10);
    assertThatThrownBy(() -> RunnableJars.readyJar(target))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("several runnable jars")
        .hasMessageContaining("app.jar, other.jar");
  }

  @Test
  void emptyFolderHasNothingToBuild() {
    assertThatThrownBy(() -> RunnableJars.readyJar(target))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("nothing to build")
        .hasMessageContaining("pom.xml");
  }

  private Path jar(String name, String mainClass, int padding) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    Path jar = target.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      jarOut.putNextEntry(new JarEntry("padding.bin"));
      byte[] bytes = new byte[padding];
      new java.util.Random(padding).nextBytes(bytes);
      jarOut.write(bytes);
      jarOut.closeEntry();
    }
    return jar;
  }

  private static BuildProgress output(List<String> lines) {
    return new BuildProgress() {
      @Override
      public void phase(dev.aloft.builder.BuildPhase phase) {}

      @Override
      public void output(String line) {
        lines.add(line);
      }
    };
  }
}
