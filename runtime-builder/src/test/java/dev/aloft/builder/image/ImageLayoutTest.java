package dev.aloft.builder.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLayoutTest {

  @TempDir Path temp;

  @Test
  void aMavenProjectHasDependenciesResourcesAndClasses() throws Exception {
    Path service = temp.resolve("svc");
    write(service.resolve("pom.xml"), "<project/>");
    write(service.resolve("target/classes/demo/Main.class"), "class");
    write(service.resolve("target/classes/demo/Main$Inner.class"), "class");
    write(service.resolve("target/classes/application.properties"), "a=b");
    write(service.resolve("target/classes/META-INF/services/x.Y"), "demo.Z");
    Path jar = jar(service.resolve("target/svc-1.0.jar"), "demo.Main");
    Path libs = service.resolve("target/aloft-image-libs");
    write(libs.resolve("b-2.0.jar"), "jar");
    write(libs.resolve("a-1.0.jar"), "jar");
    write(libs.resolve("notes.txt"), "not a jar");
    Files.createSymbolicLink(service.resolve("target/classes/passwd"), Path.of("/etc/passwd"));

    ImageLayout layout = ImageLayout.of(result(service, jar), libs);

    assertThat(layout.layers())
        .extracting(FileEntriesLayer::getName)
        .containsExactly("dependencies", "resources", "classes");
    assertThat(paths(layout.layers().get(0)))
        .containsExactly("/app/libs/a-1.0.jar", "/app/libs/b-2.0.jar");
    assertThat(paths(layout.layers().get(1)))
        .containsExactly(
            "/app/resources/META-INF/services/x.Y", "/app/resources/application.properties");
    assertThat(paths(layout.layers().get(2)))
        .containsExactly("/app/classes/demo/Main$Inner.class", "/app/classes/demo/Main.class");
    assertThat(layout.entrypoint())
        .containsExactly("java", "-cp", "/app/resources:/app/classes:/app/libs/*", "demo.Main");
  }

  @Test
  void emptyLayersAreLeftOut() throws Exception {
    Path service = temp.resolve("svc");
    write(service.resolve("pom.xml"), "<project/>");
    write(service.resolve("target/classes/demo/Main.class"), "class");
    Path jar = jar(service.resolve("target/svc-1.0.jar"), "demo.Main");

    ImageLayout layout = ImageLayout.of(result(service, jar), service.resolve("target/none"));

    assertThat(layout.layers()).extracting(FileEntriesLayer::getName).containsExactly("classes");
  }

  @Test
  void aQuarkusApplicationKeepsItsLayout() throws Exception {
    Path service = temp.resolve("q");
    write(service.resolve("pom.xml"), "<project/>");
    Path app = service.resolve("target/quarkus-app");
    write(app.resolve("lib/boot/quarkus-bootstrap.jar"), "jar");
    write(app.resolve("lib/main/io.quarkus.quarkus-core.jar"), "jar");
    write(app.resolve("quarkus/generated-bytecode.jar"), "jar");
    write(app.resolve("quarkus-app-dependencies.txt"), "deps");
    write(app.resolve("app/q-1.0.jar"), "jar");
    Path run = jar(app.resolve("quarkus-run.jar"), "io.quarkus.bootstrap.runner.QuarkusEntryPoint");

    ImageLayout layout = ImageLayout.of(result(service, run), service.resolve("unused"));

    assertThat(layout.layers())
        .extracting(FileEntriesLayer::getName)
        .containsExactly("dependencies", "resources", "classes");
    assertThat(paths(layout.layers().get(0)))
        .containsExactly(
            "/app/lib/boot/quarkus-bootstrap.jar", "/app/lib/main/io.quarkus.quarkus-core.jar");
    assertThat(paths(layout.layers().get(1)))
        .containsExactly(
            "/app/quarkus-app-dependencies.txt", "/app/quarkus/generated-bytecode.jar");
    assertThat(paths(layout.layers().get(2)))
        .containsExactly("/app/app/q-1.0.jar", "/app/quarkus-run.jar");
    assertThat(layout.entrypoint()).containsExactly("java", "-jar", "/app/quarkus-run.jar");
  }

  @Test
  void aReadyJarIsOneLayer() throws Exception {
    Path folder = temp.resolve("ready");
    Path jar = jar(folder.resolve("tool.jar"), "demo.Tool");

    ImageLayout layout = ImageLayout.of(result(folder, jar), folder.resolve("none"));

    assertThat(layout.layers())
        .extracting(FileEntriesLayer::getName)
        .containsExactly("application");
    assertThat(paths(layout.layers().get(0))).containsExactly("/app/tool.jar");
    assertThat(layout.entrypoint()).containsExactly("java", "-jar", "/app/tool.jar");
  }

  @Test
  void aJarWithoutMainClassIsNamed() throws Exception {
    Path service = temp.resolve("svc");
    write(service.resolve("pom.xml"), "<project/>");
    Path jar = jar(service.resolve("target/lib-1.0.jar"), null);

    assertThatThrownBy(() -> ImageLayout.of(result(service, jar), service.resolve("none")))
        .isInstanceOf(BuildFailedException.class)
        .hasMessage("lib-1.0.jar has no Main-Class in its manifest");
  }

  private static BuildResult result(Path serviceDir, Path artifact) {
    return new BuildResult(
        serviceDir,
        Optional.empty(),
        Optional.empty(),
        artifact,
        List.of("java", "-jar", artifact.toString()),
        serviceDir);
  }

  private static List<String> paths(FileEntriesLayer layer) {
    return layer.getEntries().stream()
        .map(FileEntry::getExtractionPath)
        .map(Object::toString)
        .toList();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static Path jar(Path file, String mainClass) throws IOException {
    Files.createDirectories(file.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
    return file;
  }
}
