package dev.aloft.builder.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.builder.GitCredentials;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void secretsAndUrlUserInfoAreMasked() {
    Redactor redactor = new Redactor(Optional.of(new GitCredentials("alice", "s3cr3t")));
    String text = "https://alice:s3cr3t@git.example/r.git: not authorized (s3cr3t)";
    assertThat(redactor.redact(text))
        .isEqualTo("https://***@git.example/r.git: not authorized (***)");
  }

  @Test
  void aLoneTokenAsUserNameIsASecret() {
    Redactor redactor = new Redactor(Optional.of(new GitCredentials("ghp_abc", "")));
    assertThat(redactor.redact("user ghp_abc denied")).isEqualTo("user *** denied");
  }

  @Test
  void causesAreJoinedWithoutRepeats() {
    Redactor redactor = new Redactor(Optional.empty());
    Exception e =
        new IllegalStateException(
            "git://h/r.git: connection refused", new java.io.IOException("connection refused"));
    assertThat(redactor.messageOf(e)).isEqualTo("git://h/r.git: connection refused");
  }
}
