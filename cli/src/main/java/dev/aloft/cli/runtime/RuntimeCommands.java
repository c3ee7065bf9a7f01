package dev.aloft.cli.runtime;

import dev.aloft.api.runtime.v1.CreateOptions;
import dev.aloft.api.runtime.v1.CreateRequest;
import dev.aloft.api.runtime.v1.DeleteRequest;
import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.LogsRequest;
import dev.aloft.api.runtime.v1.ReadRequest;
import dev.aloft.api.runtime.v1.RuntimeGrpc;
import dev.aloft.api.runtime.v1.Service;
import dev.aloft.api.runtime.v1.UpdateRequest;
import dev.aloft.cli.AloftCli;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.HelpOption;
import dev.aloft.cli.connect.NamespaceOption;
import dev.aloft.cli.connect.PlatformCommand;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.output.Output;
import dev.aloft.cli.output.OutputFormat;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The runtime's commands, named as in Micro: {@code run}, {@code status}, {@code logs}, {@code
 * update}, {@code kill}. See docs/runtime.md.
 */
public final class RuntimeCommands {

  private RuntimeCommands() {}

  private static void printService(Output output, Service service, String what) {
    if (output.format() == OutputFormat.json) {
      output.json(ServiceRows.toJson(service));
    } else {
      output.message(
          "service "
              + service.getName()
              + " "
              + what
              + ": "
              + ServiceRows.status(service.getStatus())
              + ", "
              + service.getInstances()
              + (service.getInstances() == 1 ? " instance" : " instances")
              + (service.getRevision().isEmpty() ? "" : ", commit " + service.getRevision()));
    }
  }

  @Command(
      name = "run",
      description = {
        "Run a service from SOURCE: a folder (relative to here) or a git URL"
            + " (git-url[//sub/folder][@ref]). Shows the build's progress and waits until the"
            + " service runs; exit 1 with the reason when it fails.",
        "Examples: aloft run ./examples/helloworld ;"
            + " aloft run git://git.example/acme/shop.git//orders@v1.2 --name orders"
      })
  public static final class Run extends PlatformCommand {
    @Mixin HelpOption help;

    @Parameters(paramLabel = "SOURCE", description = "A folder or git-url[//path][@ref].")
    String source;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "Service name (default: the" + " folder's name).")
    String name;

    @Option(
        names = "--version",
        paramLabel = "VERSION",
        description = "Version to register" + " (default: latest).")
    String version = "";

    @Option(
        names = {"--env_vars", "--env-vars", "-e"},
        paramLabel = "KEY=VALUE",
        split = ",",
        description = "Environment variables of the service: K=V,K2=V2 (repeatable).")
    Map<String, String> envVars = new LinkedHashMap<>();

    @Option(names = "--instances", paramLabel = "N", description = "Instances to run (1..16).")
    int instances = 1;

    @Option(
        names = "--watch",
        description =
            "Local folders only: watch the folder and update the service on every change, until"
                + " interrupted (Ctrl-C).")
    boolean watch;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      if (instances < 1 || instances > 16) {
        throw new CliException(ExitCodes.USAGE, "--instances: " + instances + " is not 1 to 16");
      }
      String resolved = ServiceSources.resolve(source, Path.of(""));
      if (watch && ServiceSources.isGitUrl(resolved)) {
        throw new CliException(
            ExitCodes.USAGE, "--watch works with local folders only, not with git URLs");
      }
      String serviceName = name != null ? name : ServiceSources.defaultName(resolved);
      Service created =
          platform
              .unary(RuntimeGrpc::newBlockingStub)
              .create(
                  CreateRequest.newBuilder()
                      .setService(
                          Service.newBuilder()
                              .setName(serviceName)
                              .setSource(resolved)
                              .setVersion(version))
                      .setOptions(
                          CreateOptions.newBuilder().putAllEnvVars(envVars).setInstances(instances))
                      .build())
              .getService();
      Service running = ServiceProgress.follow(platform, output, serviceName, created.getUpdated());
      printService(output, running, "is running");
      if (watch) {
        new FolderWatch(Path.of(resolved))
            .onChange(
                () -> {
                  try {
                    Service updated = update(platform, output, serviceName);
                    printService(output, updated, "is updated");
                  } catch (CliException e) {
                    stderr().println("aloft: " + e.getMessage());
                    stderr().flush();
                  } catch (StatusRuntimeException e) {
                    stderr().println("aloft: " + platform.failure(e).getMessage());
                    stderr().flush();
                  }
                });
      }
    }

    private PrintWriter stderr() {
      return spec.commandLine().getErr();
    }
  }

  static Service update(PlatformConnection platform, Output output, String service) {
    Service updated =
        platform
            .unary(RuntimeGrpc::newBlockingStub)
            .update(UpdateRequest.newBuilder().setService(service).build())
            .getService();
    return ServiceProgress.follow(platform, output, service, updated.getUpdated());
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "The services the runtime runs in the namespace (or SERVICE): name, version, source,"
            + " status, when last updated, and what went wrong.",
        "Example: aloft status -o json"
      })
  public static final class StatusCommand extends PlatformCommand {
    @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "Only this service.")
    String service = "";

    @Override
    protected void run(PlatformConnection platform, Output output) {
      List<Service> services =
          platform
              .unary(RuntimeGrpc::newBlockingStub)
              .read(ReadRequest.newBuilder().setService(service).build())
              .getServicesList();
      if (output.format() == OutputFormat.json) {
        output.json(services.stream().map(ServiceRows::toJson).toList());
      } else {
        output.rows(ServiceRows.COLUMNS, services.stream().map(ServiceRows::row).toList());
      }
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Fetch SERVICE's source again (a git ref: its newest commit), rebuild and restart it;"
            + " shows the build's progress and waits until it runs again.",
        "Example: aloft update orders"
      })
  public static final class Update extends PlatformCommand {
    @Parameters(paramLabel = "SERVICE", description = "The service.")
    String service;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      printService(output, update(platform, output, service), "is updated");
    }
  }

  @Command(
      name = "kill",
      mixinStandardHelpOptions = true,
      description = {
        "Stop SERVICE and remove it: its processes, service account, build and logs.",
        "Example: aloft kill orders"
      })
  public static final class Kill extends PlatformCommand {
    @Parameters(paramLabel = "SERVICE", description = "The service.")
    String service;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      platform
          .unary(RuntimeGrpc::newBlockingStub)
          .delete(DeleteRequest.newBuilder().setService(service).build());
      output.message("killed " + service);
    }
  }

  /**
   * {@code aloft logs}: not a {@link PlatformCommand}, since {@code -n} counts lines here (as in
   * {@code tail -n}); the namespace is {@code --namespace} only.
   */
  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      description = {
        "Print SERVICE's log: build output [build], status changes [status], what the runtime did"
            + " [runtime] and the output of each instance [0], [1]...; -o json prints one JSON"
            + " object per line.",
        "Examples: aloft logs orders -n 20 ; aloft logs -f orders"
      })
  public static final class Logs implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SERVICE", description = "The service.")
    String service;

    @Option(
        names = {"-f", "--follow"},
        description = "Keep printing new records until interrupted (Ctrl-C).")
    boolean follow;

    @Option(
        names = {"-n", "--lines"},
        paramLabel = "N",
        description = "Only the last N records (default: all).")
    long lines;

    @Option(
        names = "--namespace",
        paramLabel = "NAMESPACE",
        description = "Act in this namespace (platform admins only; default: $ALOFT_NAMESPACE).")
    String namespace;

    @Override
    public void run() {
      if (lines < 0) {
        throw new CliException(ExitCodes.USAGE, "-n: must be 0 or more, not " + lines);
      }
      AloftCli root = (AloftCli) spec.root().userObject();
      Map<String, String> variables = root.environmentVariables();
      Optional<String> chosen =
          Optional.ofNullable(namespace)
              .filter(value -> !value.isBlank())
              .or(
                  () ->
                      Optional.ofNullable(variables.get(NamespaceOption.VARIABLE))
                          .filter(value -> !value.isBlank()));
      Output output = root.output();
      try (PlatformConnection platform =
          PlatformConnection.open(root.config(), variables, chosen)) {
        try (Context.CancellableContext call = Context.current().withCancellation()) {
          Context previous = call.attach();
          try {
            Iterator<LogRecord> records =
                platform
                    .streaming(RuntimeGrpc::newBlockingStub)
                    .logs(
                        LogsRequest.newBuilder()
                            .setService(service)
                            .setStream(follow)
                            .setCount(lines)
                            .build());
            while (records.hasNext()) {
              LogRecord record = records.next();
              if (output.format() == OutputFormat.json) {
                output.jsonLine(LogLines.toJson(record));
              } else {
                output.message(LogLines.line(record));
              }
            }
          } finally {
            call.detach(previous);
          }
        } catch (StatusRuntimeException e) {
          throw platform.failure(e);
        }
      }
    }
  }
}
