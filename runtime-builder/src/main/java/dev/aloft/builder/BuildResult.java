package dev.aloft.builder;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a build produced.
 *
 * @param serviceDir the folder that was built (the checkout's sub-folder, or the local folder); run
 *     {@link #command} with it as working directory
 * @param commit the full commit id that was checked out, for a git source
 * @param ref the branch or tag that was checked out (the remote's default branch when none was
 *     asked for), or the commit id as it was asked for; empty for a local folder
 * @param artifact the runnable jar
 * @param command how to run it, e.g. {@code [java, -jar, /.../target/x.jar]}
 * @param sourceRoot the top of the source the service folder lies in (the checkout, or the local
 *     folder's git work tree); a project's own {@code mvnw} is looked for up to it
 */
public record BuildResult(
    Path serviceDir,
    Optional<String> commit,
    Optional<String> ref,
    Path artifact,
    List<String> command,
    Path sourceRoot) {

  public BuildResult {
    command = List.copyOf(command);
  }
}
