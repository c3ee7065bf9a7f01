package dev.aloft.builder.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.builder.GitCredentials;
import dev.aloft.builder.image.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildJobRequestTest {

  @TempDir Path temp;

  @Test
  void argumentsMakeTheSourceAndDefaultsFillTheRest() {
    BuildJobRequest request =
        BuildJobRequest.parse(
            List.of(
                "--git-url",
                "https://git.example/acme/shop.git",
                "--path",
                "/orders/",
                "--ref=v1.2",
                "--image",
                "127.0.0.1:5000/acme/orders"),
            Map.of());

    assertThat(request.source()).isEqualTo("https://git.example/acme/shop.git//orders@v1.2");
    assertThat(request.image()).isEqualTo("127.0.0.1:5000/acme/orders");
    assertThat(request.gitCredentials()).isEmpty();
    assertThat(request.registryCredentials()).isEmpty();
    assertThat(request.workDir()).isEqualTo(Path.of("/tmp/aloft-build"));
    assertThat(request.terminationLog()).isEqualTo(Path.of("/dev/termination-log"));
  }

  @Test
  void theEnvironmentFillsWhatTheArgumentsDoNotGive() {
    BuildJobRequest request =
        BuildJobRequest.parse(
            List.of("--ref", "main"),
            Map.of(
                "ALOFT_BUILD_GIT_URL", "git://127.0.0.1:9418/shop.git",
                "ALOFT_BUILD_REF", "ignored-because-the-argument-wins",
                "ALOFT_BUILD_PATH", ".",
                "ALOFT_BUILD_IMAGE", "127.0.0.1:5000/acme/shop:v1",
                "ALOFT_BUILD_WORK_DIR", "/workspace",
                "ALOFT_BUILD_TERMINATION_LOG", "/tmp/t.log"));

    assertThat(request.source()).isEqualTo("git://127.0.0.1:9418/shop.git@main");
    assertThat(request.image()).isEqualTo("127.0.0.1:5000/acme/shop:v1");
    assertThat(request.workDir()).isEqualTo(Path.of("/workspace"));
    assertThat(request.terminationLog()).isEqualTo(Path.of("/tmp/t.log"));
  }

  @Test
  void credentialsComeFromTheFilesOfAMountedSecret() throws Exception {
    Path git = Files.createDirectories(temp.resolve("git"));
    Files.writeString(git.resolve("username"), "deploy\n");
    Files.writeString(git.resolve("password"), "s3cret-token\n");
    Path registry = Files.createDirectories(temp.resolve("registry"));
    Files.writeString(registry.resolve("username"), "pusher");
    Files.writeString(registry.resolve("password"), "registry-pass");

    BuildJobRequest request =
        BuildJobRequest.parse(
            List.of(
                "--git-url",
                "https://git.example/a.git",
                "--image",
                "r.example/a/b",
                "--git-credentials",
                git.toString(),
                "--registry-credentials",
                registry.toString()),
            Map.of());

    assertThat(request.gitCredentials()).contains(new GitCredentials("deploy", "s3cret-token"));
    assertThat(request.registryCredentials())
        .contains(new RegistryCredentials("pusher", "registry-pass"));
    assertThat(request.toString()).doesNotContain("s3cret-token").doesNotContain("registry-pass");
  }

  @Test
  void aTokenInTheUrlIsNotShown() {
    BuildJobRequest request =
        BuildJobRequest.parse(
            List.of("--git-url", "https://deploy:url-token@git.example/a.git", "--image", "r/a"),
            Map.of());
    assertThat(request.toString()).doesNotContain("url-token").contains("git.example/a.git");
  }

  @Test
  void wrongRequestsAreNamedInOneLine() throws Exception {
    assertThatThrownBy(() -> BuildJobRequest.parse(List.of("--image", "r/a"), Map.of()))
        .hasMessage("no --git-url given (nor ALOFT_BUILD_GIT_URL in the environment)");
    assertThatThrownBy(() -> BuildJobRequest.parse(List.of("--git-url", "g"), Map.of()))
        .hasMessage("no --image given (nor ALOFT_BUILD_IMAGE in the environment)");
    assertThatThrownBy(() -> BuildJobRequest.parse(List.of("--colour", "red"), Map.of()))
        .hasMessageStartingWith("unknown option --colour (known: --git-url, --ref,");
    assertThatThrownBy(() -> BuildJobRequest.parse(List.of("--git-url"), Map.of()))
        .hasMessage("--git-url needs a value");
    assertThatThrownBy(() -> BuildJobRequest.parse(List.of("build"), Map.of()))
        .hasMessage("unexpected argument 'build'");
    Path empty = Files.createDirectories(temp.resolve("empty"));
    assertThatThrownBy(
            () ->
                BuildJobRequest.parse(
                    List.of(
                        "--git-url", "g", "--image", "r/a", "--git-credentials", empty.toString()),
                    Map.of()))
        .hasMessage("--git-credentials folder " + empty + " has no file 'username'");
    assertThatThrownBy(
            () ->
                BuildJobRequest.parse(
                    List.of("--git-url", "g", "--image", "r/a", "--registry-credentials", "/nope"),
                    Map.of()))
        .hasMessage("--registry-credentials '/nope' is not a folder");
  }

  @Test
  void theTerminationLogIsFoundEvenWhenTheRestIsWrong() {
    assertThat(
            BuildJobRequest.terminationLog(
                List.of("--termination-log", "/tmp/x", "--bogus"), Map.of()))
        .isEqualTo(Path.of("/dev/termination-log"));
    assertThat(BuildJobRequest.terminationLog(List.of("--termination-log", "/tmp/x"), Map.of()))
        .isEqualTo(Path.of("/tmp/x"));
    assertThat(
            BuildJobRequest.terminationLog(
                List.of(), Map.of("ALOFT_BUILD_TERMINATION_LOG", "/tmp/y")))
        .isEqualTo(Path.of("/tmp/y"));
    assertThat(BuildJobRequest.terminationLog(List.of(), Map.of()))
        .isEqualTo(Optional.of(Path.of("/dev/termination-log")).get());
  }
}
