package dev.aloft.builder;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to build.
 *
 * @param source a local folder ({@code ./dir}, {@code /abs/dir}) or a git URL with an optional
 *     sub-folder and ref: {@code git-url[//sub/folder][@ref]}, see {@link SourceRef#parse}
 * @param credentials for a git source that needs them; never logged
 * @param remoteCaller true when a remote user asked: local folders and {@code file://} URLs are
 *     refused
 * @param workDir where the source is checked out and built; the caller owns it
 */
public record BuildRequest(
    String source, Optional<GitCredentials> credentials, boolean remoteCaller, Path workDir) {

  public BuildRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(workDir, "workDir");
  }

  @Override
  public String toString() {
    String shown;
    try {
      shown = SourceRef.parse(source).toString();
    } catch (InvalidSourceException e) {
      shown = "(invalid source)";
    }
    return "BuildRequest[source="
        + shown
        + ", credentials="
        + credentials.map(GitCredentials::toString).orElse("none")
        + ", remoteCaller="
        + remoteCaller
        + ", workDir="
        + workDir
        + "]";
  }
}
