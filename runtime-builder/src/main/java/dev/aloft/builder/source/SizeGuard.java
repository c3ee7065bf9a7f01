package dev.aloft.builder.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * A JGit progress monitor that cancels a fetch as soon as the repository folder (where the incoming
 * pack is written) grows over the size limit. Measures at most every 200 ms.
 */
final class SizeGuard implements ProgressMonitor {

  private static final long CHECK_EVERY_NANOS = 200_000_000L;

  private final Path folder;
  private final long limit;
  private final long checkEveryNanos;
  private long lastCheck = System.nanoTime();
  private volatile OptionalLong over = OptionalLong.empty();

  SizeGuard(Path folder, long limit) {
    this(folder, limit, CHECK_EVERY_NANOS);
  }

  SizeGuard(Path folder, long limit, long checkEveryNanos) {
    this.folder = folder;
    this.limit = limit;
    this.checkEveryNanos = checkEveryNanos;
  }

  /** The size seen when the limit was passed; empty while within it. */
  OptionalLong over() {
    return over;
  }

  @Override
  public boolean isCancelled() {
    if (over.isPresent()) {
      return true;
    }
    long now = System.nanoTime();
    if (now - lastCheck < checkEveryNanos) {
      return false;
    }
    lastCheck = now;
    try {
      over = DirectorySize.over(folder, limit);
    } catch (IOException e) {
      return false;
    }
    return over.isPresent();
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {}

  @Override
  public void update(int completed) {}

  @Override
  public void endTask() {}

  @Override
  public void showDuration(boolean enabled) {}
}
