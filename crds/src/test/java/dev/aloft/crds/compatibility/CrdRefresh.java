package dev.aloft.crds.compatibility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The build step behind {@link CrdComparison#REFRESH_COMMAND}: copies the generated CRDs over the
 * checked-in ones and removes checked-in CRDs no longer generated, unless the change is
 * incompatible and not accepted.
 */
public final class CrdRefresh {

  private CrdRefresh() {}

  /** {@code CrdRefresh <generated dir> <checked-in dir> <accept incompatible: true|false>}. */
  public static void main(String[] args) {
    if (args.length != 3
        || !(args[2].equals("true") || args[2].equals("false") || args[2].isEmpty())) {
      throw new IllegalArgumentException(
          "usage: CrdRefresh <generated dir> <checked-in dir> <accept incompatible: true|false>");
    }
    boolean acceptIncompatible = Boolean.parseBoolean(args[2]);
    CrdDirectory generated = CrdDirectory.read(Path.of(args[0]));
    CrdDirectory checkedIn = CrdDirectory.read(Path.of(args[1]));
    CrdComparison comparison = CrdComparison.of(checkedIn, generated);
    if (!comparison.incompatibleChanges().isEmpty()) {
      String list = "\n  " + String.join("\n  ", comparison.incompatibleChanges());
      if (!acceptIncompatible) {
        throw new IllegalStateException(
            "the generated CRDs are incompatible with the checked-in ones:"
                + list
                + "\nRe-run with "
                + CrdComparison.ACCEPT_INCOMPATIBLE_FLAG
                + " to take this change on purpose.");
      }
      System.out.println("[aloft] taking incompatible CRD changes on purpose:" + list);
    }
    if (comparison.identical()) {
      System.out.println("[aloft] checked-in CRDs are up to date");
      return;
    }
    try {
      for (String file : checkedIn.texts().keySet()) {
        if (!generated.texts().containsKey(file)) {
          Files.delete(checkedIn.directory().resolve(file));
          System.out.println("[aloft] removed " + checkedIn.directory().resolve(file));
        }
      }
      for (var entry : generated.texts().entrySet()) {
        if (!entry.getValue().equals(checkedIn.texts().get(entry.getKey()))) {
          Path target = checkedIn.directory().resolve(entry.getKey());
          Files.copy(
              generated.directory().resolve(entry.getKey()),
              target,
              StandardCopyOption.REPLACE_EXISTING);
          System.out.println("[aloft] refreshed " + target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot refresh CRDs in " + checkedIn.directory(), e);
    }
  }
}
