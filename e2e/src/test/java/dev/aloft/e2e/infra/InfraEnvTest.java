package dev.aloft.e2e.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfraEnvTest {

  private final Path file = Path.of("/state/infra.env");

  @Test
  void readsKeyValueLinesAndSkipsComments() {
    InfraEnv env =
        InfraEnv.parse(
            file,
            List.of(
                "# written by infra/up",
                "",
                "ALOFT_ETCD_ENDPOINTS=http://127.0.0.1:2379,http://127.0.0.1:2479",
                "ALOFT_POSTGRES_PASSWORD=a=b"));

    assertThat(env.etcdEndpoints())
        .containsExactly("http://127.0.0.1:2379", "http://127.0.0.1:2479");
    assertThat(env.postgresPassword()).isEqualTo("a=b");
  }

  @Test
  void missingKeyNamesTheKeyTheFileAndInfraUp() {
    InfraEnv env = InfraEnv.parse(file, List.of("ALOFT_NATS_URL=nats://127.0.0.1:4222"));

    assertThatThrownBy(env::registry)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ALOFT_REGISTRY")
        .hasMessageContaining("/state/infra.env")
        .hasMessageContaining("infra/up");
  }

  @Test
  void lineWithoutEqualsIsRejectedWithItsNumber() {
    assertThatThrownBy(() -> InfraEnv.parse(file, List.of("# ok", "ALOFT_REGISTRY")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("'ALOFT_REGISTRY'");
  }

  @Test
  void missingFileSaysToRunInfraUp(@TempDir Path dir) {
    String previous = System.getProperty("aloft.infra.env");
    System.setProperty("aloft.infra.env", dir.resolve("infra.env").toString());
    try {
      assertThatThrownBy(InfraEnv::load)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(dir.resolve("infra.env").toString())
          .hasMessageContaining("Run infra/up");
    } finally {
      if (previous == null) {
        System.clearProperty("aloft.infra.env");
      } else {
        System.setProperty("aloft.infra.env", previous);
      }
    }
  }
}
