package dev.aloft.cli.runtime;

import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code aloft run} makes of its SOURCE argument: a git URL as it is, a folder as an absolute
 * path (resolved against the current directory), and the service name both suggest.
 */
final class ServiceSources {

  private ServiceSources() {}

  static boolean isGitUrl(String source) {
    return source.contains("://") && !source.startsWith("file:");
  }

  /** The source to send: a git URL unchanged, a folder made absolute (it must exist). */
  static String resolve(String source, Path workingDirectory) {
    if (isGitUrl(source)) {
      return source;
    }
    if (source.startsWith("file:")) {
      return source;
    }
    Path folder = workingDirectory.resolve(source).toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      throw new CliException(
          ExitCodes.USAGE,
          "SOURCE: '" + source + "' is neither a folder nor a git URL (git://, https://, ssh://)");
    }
    return folder.toString();
  }

  /**
   * The name a service gets without {@code --name}: the last folder of the path (the sub-folder of
   * a git URL, else the repository without {@code .git}).
   */
  static String defaultName(String resolvedSource) {
    String path = resolvedSource;
    int at = path.lastIndexOf('@');
    if (isGitUrl(path) && at > path.indexOf("://")) {
      path = path.substring(0, at);
    }
    if (isGitUrl(path)) {
      int sub = path.indexOf("//", path.indexOf("://") + 3);
      if (sub >= 0) {
        path = path.substring(sub + 2);
      }
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (last.endsWith(".git")) {
      last = last.substring(0, last.length() - 4);
    }
    return last;
  }
}
