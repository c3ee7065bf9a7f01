package dev.aloft.builder.source;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.OptionalLong;

/** Counts the bytes of the regular files under a folder (links are not followed). */
final class DirectorySize {

  private DirectorySize() {}

  /**
   * The bytes counted when they went over {@code limit} (the walk stops there, so this is "at
   * least"); empty when the whole folder is within the limit.
   */
  static OptionalLong over(Path root, long limit) throws IOException {
    if (!Files.exists(root)) {
      return OptionalLong.empty();
    }
    long[] total = {0};
    boolean[] over = {false};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              total[0] += attrs.size();
              if (total[0] > limit) {
                over[0] = true;
                return FileVisitResult.TERMINATE;
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            // A file that vanished while git writes (a temporary pack) does not count.
            return FileVisitResult.CONTINUE;
          }
        });
    return over[0] ? OptionalLong.of(total[0]) : OptionalLong.empty();
  }
}
