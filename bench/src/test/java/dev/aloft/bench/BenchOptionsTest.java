package dev.aloft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  private static BenchOptions read(boolean linesChosen, String... args) {
    return BenchOptions.read(args, 3, List.of(8), linesChosen);
  }

  @Test
  void everyLineRunsWithoutOnly() {
    BenchOptions options = read(true);

    assertThat(options.runs("store read (postgres, c=8)")).isTrue();
    assertThat(options.runs("config get (embedded, c=8)")).isTrue();
  }

  @Test
  void onlyRunsTheLinesNamingOneOfItsWords() {
    BenchOptions options = read(true, "--only=postgres,config get (etcd");

    assertThat(options.runs("store read (postgres, c=8)")).isTrue();
    assertThat(options.runs("config get (etcd, c=8)")).isTrue();
    assertThat(options.runs("config set (etcd, c=8)")).isFalse();
    assertThat(options.runs("store read (embedded, c=8)")).isFalse();
    assertThat(options.describe()).contains("only lines naming postgres or config get (etcd");
  }

  @Test
  void aBenchmarkThatRunsAllItsLinesRefusesOnly() {
    assertThatThrownBy(() -> read(false, "--only=postgres"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--only")
        .hasMessageContaining("store");
  }

  @Test
  void anEmptyWordIsRefused() {
    assertThatThrownBy(() -> read(true, "--only=postgres,"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--only takes words");
  }
}
