package dev.aloft.builder.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.builder.BuilderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Maven runs, with which arguments, and what environment the build gets. */
class MavenBuildTest {

  @TempDir Path root;

  @Test
  void configuredMavenWithoutTestsOnline() throws Exception {
    Path svc = Files.createDirectories(root.resolve("svc"));
    MavenBuild build = new MavenBuild(BuilderSettings.defaults());
    assertThat(build.command(svc, root))
        .containsExactly("mvn", "-B", "-q", "-Dstyle.color=never", "-DskipTests", "package");
  }

  @Test
  void offlineAndTestsWhenConfigured() throws Exception {
    MavenBuild build =
        new MavenBuild(
            BuilderSettings.defaults()
                .withMavenCommand(List.of("/opt/mvnw"))
                .withMavenOffline(true)
                .withRunTests(true));
    assertThat(build.command(root, root))
        .containsExactly("/opt/mvnw", "-B", "-q", "-o", "-Dstyle.color=never", "package");
  }

  @Test
  void theProjectsOwnWrapperWinsAndIsFoundAbove() throws Exception {
    Path svc = Files.createDirectories(root.resolve("services/orders"));
    Path mvnw = Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
    MavenBuild build = new MavenBuild(BuilderSettings.defaults());
    assertThat(build.command(svc, root)).startsWith("sh", mvnw.toString(), "-B");
    Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(build.command(svc, root)).startsWith(mvnw.toString(), "-B");
  }

  @Test
  void aWrapperAboveTheSourceRootIsNotUsed() throws Exception {
    Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
    Path source = Files.createDirectories(root.resolve("checkout"));
    MavenBuild build = new MavenBuild(BuilderSettings.defaults());
    assertThat(build.command(source, source)).startsWith("mvn");
  }

  @Test
  void platformSecretsAreNotPassedToTheBuild() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/bin");
    env.put("JAVA_HOME", "/usr/lib/jvm/x");
    env.put("ALOFT_ADMIN_SECRET", "x");
    env.put("ALOFT_POSTGRES_PASSWORD", "x");
    env.put("GITHUB_TOKEN", "x");
    env.put("db_password", "x");
    env.put("AWS_SECRET_ACCESS_KEY", "x");
    env.put("GOOGLE_APPLICATION_CREDENTIALS", "x");
    BuildProcess.scrub(env);
    assertThat(env.keySet()).isEqualTo(Set.of("PATH", "JAVA_HOME"));
  }
}
