package dev.aloft.builder.source;

import dev.aloft.builder.SourceFetchException;
import dev.aloft.builder.SourceRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Keeps a build inside its checkout: the sub-folder, with {@code ..} and symbolic links resolved,
 * must lie inside it; no symbolic link in it may point outside; the service's {@code pom.xml} may
 * not be a symbolic link at all.
 */
public final class CheckoutEscapes {

  private CheckoutEscapes() {}

  /**
   * The real path of the sub-folder of {@code checkout} (the checkout itself when none).
   *
   * @param where how messages name the source (URL and ref, without user information)
   */
  public static Path serviceDir(Path checkout, Optional<String> subFolder, String where)
      throws SourceRefusedException, SourceFetchException {
    Path root = realPath(checkout);
    if (subFolder.isEmpty()) {
      return root;
    }
    String sub = subFolder.get();
    Path lexical = root.resolve(sub).normalize();
    if (!lexical.startsWith(root)) {
      throw new SourceRefusedException(
          "sub-folder '" + sub + "' escapes the repository (it climbs out with '..')");
    }
    if (!Files.exists(lexical, LinkOption.NOFOLLOW_LINKS)) {
      throw new SourceFetchException("sub-folder '" + sub + "' does not exist in " + where);
    }
    if (!Files.exists(lexical)) {
      throw new SourceRefusedException(
          "sub-folder '" + sub + "' is a symbolic link that points nowhere in the repository");
    }
    Path real = realPath(lexical);
    if (!real.startsWith(root)) {
      throw new SourceRefusedException(
          "sub-folder '" + sub + "' escapes the repository through a symbolic link");
    }
    if (real.startsWith(root.resolve(".git"))) {
      throw new SourceRefusedException("sub-folder '" + sub + "' is inside git's own .git folder");
    }
    if (!Files.isDirectory(real)) {
      throw new SourceFetchException("sub-folder '" + sub + "' in " + where + " is not a folder");
    }
    return real;
  }

  /**
   * Refuses a checkout with a symbolic link that points outside it, and a service folder whose
   * {@code pom.xml} is a symbolic link.
   */
  public static void checkLinks(Path checkout, Path serviceDir) throws SourceRefusedException {
    Path root = realPath(checkout);
    Path pom = serviceDir.resolve("pom.xml");
    if (Files.isSymbolicLink(pom)) {
      throw new SourceRefusedException(
          "pom.xml in '" + relative(root, serviceDir) + "' is a symbolic link; it must be a file");
    }
    Path[] escaping = {null};
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return dir.equals(root.resolve(".git"))
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              if (attrs.isSymbolicLink() && !pointsInside(root, file)) {
                escaping[0] = file;
                return FileVisitResult.TERMINATE;
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk the checkout " + root, e);
    }
    if (escaping[0] != null) {
      throw new SourceRefusedException(
          "symbolic link '"
              + relative(root, escaping[0])
              + "' points outside the repository; links must stay inside it");
    }
  }

  private static boolean pointsInside(Path root, Path link) throws IOException {
    Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
    if (!target.startsWith(root)) {
      return false;
    }
    if (Files.exists(target)) {
      return target.toRealPath().startsWith(root);
    }
    return true;
  }

  private static String relative(Path root, Path path) {
    String r = root.relativize(path).toString();
    return r.isEmpty() ? "." : r;
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + path, e);
    }
  }
}
