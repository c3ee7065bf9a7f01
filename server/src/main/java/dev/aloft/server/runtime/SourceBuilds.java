package dev.aloft.server.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a service's source into a command that runs it: the runtime-builder's {@code
 * ServiceBuilder} in the server ({@link ServiceBuilderBuilds}). The local runtime only needs this
 * much of a builder, so its tests can build fixtures with another real compiler.
 */
public interface SourceBuilds {

  /**
   * Fetches and builds SOURCE in WORK_DIR (owned by the caller), reporting phases and each line of
   * output to PROGRESS as they come.
   *
   * @param remoteCaller true to refuse local paths and {@code file://} sources
   * @throws BuildException with a message ready for the user
   */
  Build build(String source, boolean remoteCaller, Path workDir, Consumer<String> progress)
      throws BuildException;

  /**
   * What a build produced.
   *
   * @param serviceDir the folder to run the command in
   * @param commit the git commit built, empty for a local folder
   * @param ref the git ref built, empty when none was named
   * @param command the command line that runs the service
   */
  record Build(
      Path serviceDir, Optional<String> commit, Optional<String> ref, List<String> command) {
    public Build {
      command = List.copyOf(command);
    }
  }

  /** A build that did not produce a runnable service; the message is ready for the user. */
  final class BuildException extends Exception {

    /** What went wrong. */
    public enum Kind {
      /** The source is not allowed (a local path from a remote caller, a refused host...). */
      REFUSED,
      /** The source could not be fetched (no such folder, repository or ref). */
      FETCH,
      /** The build ran and failed (a compiler error...). */
      BUILD
    }

    private final Kind kind;

    public BuildException(Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }
}
