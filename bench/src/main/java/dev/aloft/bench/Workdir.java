package dev.aloft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for one benchmark run (data directories, logs, scripts), removed after. */
final class Workdir implements AutoCloseable {

  final Path path;

  Workdir(String name) throws IOException {
    path = Files.createTempDirectory("aloft-bench-" + name + "-");
  }

  Path resolve(String name) {
    return path.resolve(name);
  }

  @Override
  public void close() throws IOException {
    deleteTree(path);
  }

  /** Deletes ROOT and everything under it; nothing when it does not exist. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
