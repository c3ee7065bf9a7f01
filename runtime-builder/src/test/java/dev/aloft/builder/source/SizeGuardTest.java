package dev.aloft.builder.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard that cancels a fetch once the repository folder passes the size limit. */
class SizeGuardTest {

  @TempDir Path folder;

  @Test
  void cancelsOnceTheFolderIsOverTheLimitAndStaysCancelled() throws Exception {
    SizeGuard guard = new SizeGuard(folder, 1000, 0);
    Files.write(folder.resolve("a.pack"), new byte[600]);
    assertThat(guard.isCancelled()).isFalse();
    assertThat(guard.over()).isEmpty();

    Files.createDirectories(folder.resolve("objects/pack"));
    Files.write(folder.resolve("objects/pack/incoming.pack"), new byte[600]);
    assertThat(guard.isCancelled()).isTrue();
    assertThat(guard.over()).hasValue(1200);

    Files.delete(folder.resolve("objects/pack/incoming.pack"));
    assertThat(guard.isCancelled()).as("a cancelled fetch stays cancelled").isTrue();
  }

  @Test
  void linksAreNotFollowedNorCounted() throws Exception {
    Path big = Files.write(folder.resolveSibling(folder.getFileName() + "-big"), new byte[5000]);
    try {
      Files.createSymbolicLink(folder.resolve("link"), big);
      assertThat(DirectorySize.over(folder, 1000)).isEmpty();
    } finally {
      Files.delete(big);
    }
  }

  @Test
  void measuresAtMostEveryInterval() throws Exception {
    SizeGuard guard = new SizeGuard(folder, 10, Long.MAX_VALUE);
    Files.write(folder.resolve("a"), new byte[100]);
    assertThat(guard.isCancelled()).as("not measured yet").isFalse();
  }
}
