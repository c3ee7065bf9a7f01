package dev.aloft.builder.source;

import dev.aloft.builder.BuilderSettings;
import dev.aloft.builder.SourceRef;
import dev.aloft.builder.SourceRefusedException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The rules a source must pass before anything is fetched: a remote caller may not name a local
 * folder or a {@code file://} URL, a git host must be on the allow-list when there is one, and a
 * sub-folder may not climb out of the repository with {@code ..}.
 */
public final class SourcePolicy {

  private final BuilderSettings settings;

  public SourcePolicy(BuilderSettings settings) {
    this.settings = settings;
  }

  public void check(SourceRef source, boolean remoteCaller) throws SourceRefusedException {
    if (source.isLocal()) {
      if (remoteCaller) {
        throw new SourceRefusedException(
            "local folders are not allowed for remote callers: '"
                + source
                + "' (give a git URL instead)");
      }
      return;
    }
    if (source.scheme().equals("file")) {
      if (remoteCaller) {
        throw new SourceRefusedException(
            "file:// URLs are not allowed for remote callers: '"
                + source.displayUrl()
                + "' (give an https, ssh or git URL)");
      }
    } else {
      String host = source.host().orElseThrow();
      if (!settings.allowsHost(host)) {
        throw new SourceRefusedException(
            "git host '"
                + host
                + "' is not on the allowed hosts list ("
                + String.join(", ", new TreeSet<>(settings.allowedHosts()))
                + ")");
      }
    }
    checkSubFolderSyntax(source.subFolder());
  }

  private static void checkSubFolderSyntax(Optional<String> subFolder)
      throws SourceRefusedException {
    if (subFolder.isEmpty()) {
      return;
    }
    Path normalized = Path.of(subFolder.get()).normalize();
    if (normalized.startsWith("..") || normalized.isAbsolute()) {
      throw new SourceRefusedException(
          "sub-folder '" + subFolder.get() + "' escapes the repository (it climbs out with '..')");
    }
  }
}
