package dev.aloft.cli.connect;

import dev.aloft.cli.AloftCli;
import dev.aloft.cli.output.Output;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the current environment as the logged-in user: opens a {@link
 * PlatformConnection} (with {@code --namespace}), runs, closes it, and turns a failed call into one
 * line with its exit code.
 */
public abstract class PlatformCommand implements Runnable {

  @Spec protected CommandSpec spec;

  @Mixin protected NamespaceOption namespace;

  @Override
  public final void run() {
    AloftCli root = root();
    try (PlatformConnection platform =
        PlatformConnection.open(
            root.config(),
            root.environmentVariables(),
            namespace.resolve(root.environmentVariables()))) {
      try {
        run(platform, root.output());
      } catch (StatusRuntimeException e) {
        throw platform.failure(e);
      }
    }
  }

  /** The command's work, on PLATFORM, printing to OUTPUT. */
  protected abstract void run(PlatformConnection platform, Output output);

  protected AloftCli root() {
    return (AloftCli) spec.root().userObject();
  }
}
