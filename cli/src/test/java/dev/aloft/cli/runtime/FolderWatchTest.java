package dev.aloft.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --watch}: a change of a source file triggers the action; build output does not. */
class FolderWatchTest {

  @TempDir Path dir;

  @Test
  void aSourceChangeTriggersOnceAndBuildOutputNever() throws Exception {
    Files.createDirectories(dir.resolve("src/main/java"));
    Files.createDirectories(dir.resolve("target"));
    Semaphore changes = new Semaphore(0);
    Thread watching = new Thread(() -> new FolderWatch(dir).onChange(changes::release));
    watching.start();
    try {
      Thread.sleep(500); // let it register before the first change
      Files.writeString(dir.resolve("target/app.jar"), "built");
      assertThat(changes.tryAcquire(2, TimeUnit.SECONDS)).as("target/ is ignored").isFalse();

      Files.writeString(dir.resolve("src/main/java/Main.java"), "class Main {}");
      Files.writeString(dir.resolve("src/main/java/Other.java"), "class Other {}");
      assertThat(changes.tryAcquire(30, TimeUnit.SECONDS)).isTrue();

      Files.createDirectories(dir.resolve("src/main/java/sub"));
      Thread.sleep(1000);
      changes.drainPermits();
      Files.writeString(dir.resolve("src/main/java/sub/New.java"), "class New {}");
      assertThat(changes.tryAcquire(30, TimeUnit.SECONDS)).as("a new folder is watched").isTrue();
    } finally {
      watching.interrupt();
      watching.join(10_000);
    }
    assertThat(watching.isAlive()).isFalse();
  }
}
