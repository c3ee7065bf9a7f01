package dev.aloft.cli.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code aloft run --watch}: watches a service's folder (and its sub-folders, except build output
 * and version control: {@code target}, {@code build}, {@code .git} and other hidden folders) and
 * runs an action once the files stop changing for half a second.
 */
final class FolderWatch {

  private static final Set<String> IGNORED = Set.of("target", "build", "node_modules");
  private static final long QUIET_MILLIS = 500;

  private final Path root;

  FolderWatch(Path root) {
    this.root = root;
  }

  /** Runs ACTION after every burst of changes, until the thread is interrupted. */
  void onChange(Runnable action) {
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      Map<WatchKey, Path> keys = new HashMap<>();
      register(watcher, root, keys);
      while (!Thread.currentThread().isInterrupted()) {
        WatchKey key = watcher.take();
        boolean relevant = drain(key, keys, watcher);
        WatchKey more;
        while ((more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
          relevant |= drain(more, keys, watcher);
        }
        if (relevant) {
          action.run();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + root + ": " + e.getMessage(), e);
    }
  }

  private boolean drain(WatchKey key, Map<WatchKey, Path> keys, WatchService watcher)
      throws IOException {
    Path dir = keys.get(key);
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (dir == null || !(event.context() instanceof Path name) || ignored(name)) {
        continue;
      }
      relevant = true;
      Path changed = dir.resolve(name);
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
        register(watcher, changed, keys);
      }
    }
    if (!key.reset()) {
      keys.remove(key);
    }
    return relevant;
  }

  private static boolean ignored(Path name) {
    String text = name.toString();
    return text.startsWith(".") || IGNORED.contains(text) || text.endsWith("~");
  }

  private static void register(WatchService watcher, Path start, Map<WatchKey, Path> keys)
      throws IOException {
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
              throws IOException {
            if (!dir.equals(start) && ignored(dir.getFileName())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            keys.put(
                dir.register(
                    watcher,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE),
                dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
