package dev.aloft.server.runtime;

import dev.aloft.builder.BuildFailedException;
import dev.aloft.builder.BuildPhase;
import dev.aloft.builder.BuildProgress;
import dev.aloft.builder.BuildRequest;
import dev.aloft.builder.BuildResult;
import dev.aloft.builder.BuilderSettings;
import dev.aloft.builder.ServiceBuilder;
import dev.aloft.builder.SourceFetchException;
import dev.aloft.builder.SourceRefusedException;
import dev.aloft.server.launch.StartupFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link SourceBuilds} with the runtime-builder's {@link ServiceBuilder}, configured by the
 * server's {@code ALOFT_BUILDER_*} variables (see docs/runtime.md). The built jar is copied into
 * the work folder and run from there, so a local folder rebuilt in place (its {@code target/})
 * never changes the jar under a running instance.
 */
public final class ServiceBuilderBuilds implements SourceBuilds {

  private final ServiceBuilder builder;

  public ServiceBuilderBuilds(ServiceBuilder builder) {
    this.builder = builder;
  }

  /** The builder as the server's environment configures it; a bad variable stops the server. */
  public static ServiceBuilderBuilds fromEnvironment() {
    try {
      return new ServiceBuilderBuilds(
          new ServiceBuilder(BuilderSettings.fromEnvironment(System.getenv())));
    } catch (IllegalArgumentException e) {
      throw StartupFailure.stop(e.getMessage(), 2);
    }
  }

  @Override
  public Build build(String source, boolean remoteCaller, Path workDir, Consumer<String> progress)
      throws BuildException {
    BuildResult result;
    try {
      result =
          builder.build(
              new BuildRequest(source, Optional.empty(), remoteCaller, workDir),
              new BuildProgress() {
                @Override
                public void phase(BuildPhase phase) {
                  progress.accept("phase: " + phase.name().toLowerCase(Locale.ROOT));
                }

                @Override
                public void output(String line) {
                  progress.accept(line);
                }
              });
    } catch (SourceRefusedException e) {
      throw new BuildException(BuildException.Kind.REFUSED, e.getMessage(), e);
    } catch (SourceFetchException e) {
      throw new BuildException(BuildException.Kind.FETCH, e.getMessage(), e);
    } catch (BuildFailedException e) {
      throw new BuildException(BuildException.Kind.BUILD, e.getMessage(), e);
    }
    Path artifact = result.artifact();
    Path copy = workDir.resolve("run").resolve(artifact.getFileName());
    try {
      Files.createDirectories(copy.getParent());
      Files.copy(artifact, copy, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + artifact + " to " + copy, e);
    }
    List<String> command =
        result.command().stream()
            .map(part -> part.equals(artifact.toString()) ? copy.toString() : part)
            .toList();
    return new Build(result.serviceDir(), result.commit(), result.ref(), command);
  }
}
