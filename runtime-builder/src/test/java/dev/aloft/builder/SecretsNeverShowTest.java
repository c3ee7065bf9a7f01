package dev.aloft.builder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A secret given to the builder never appears in what it prints of its inputs. */
class SecretsNeverShowTest {

  @Test
  void credentialsHideTheirSecret() {
    GitCredentials credentials = new GitCredentials("alice", "hunter2-secret");
    assertThat(credentials.toString()).contains("alice").doesNotContain("hunter2-secret");
  }

  @Test
  void requestHidesCredentialsAndUrlUserInfo() {
    BuildRequest request =
        new BuildRequest(
            "https://bob:url-secret@git.example/acme/shop.git//orders@v1",
            Optional.of(new GitCredentials("alice", "given-secret")),
            true,
            Path.of("/tmp/w"));
    assertThat(request.toString())
        .contains("https://git.example/acme/shop.git//orders@v1")
        .doesNotContain("url-secret")
        .doesNotContain("bob")
        .doesNotContain("given-secret");
  }
}
