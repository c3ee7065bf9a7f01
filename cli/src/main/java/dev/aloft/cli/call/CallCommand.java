package dev.aloft.cli.call;

import dev.aloft.cli.AloftCli;
import dev.aloft.cli.connect.NamespaceOption;
import dev.aloft.cli.connect.PlatformConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aloft call <service> <Endpoint.Method> '<json>'}: one call through the platform. */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call an endpoint of a registered service through the platform's proxy.",
      "The request is JSON; the response is printed as JSON (a stream: one JSON object per line).",
      "The service's messages come from the service itself, by gRPC server reflection.",
    },
    footer = {"", "Example: aloft call helloworld Helloworld.Call '{\"name\": \"Alice\"}'"})
public final class CallCommand implements Runnable {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "Registered service name.")
  String service;

  @Parameters(
      index = "1",
      paramLabel = "ENDPOINT",
      description = "Endpoint as Service.Method, e.g. Helloworld.Call.")
  String endpoint;

  @Parameters(
      index = "2",
      arity = "0..1",
      paramLabel = "JSON",
      defaultValue = "{}",
      description = "Request as JSON (default: ${DEFAULT-VALUE}).")
  String request;

  @Override
  public void run() {
    AloftCli root = (AloftCli) spec.root().userObject();
    try (PlatformConnection connection =
        PlatformConnection.open(
            root.config(), System.getenv(), new NamespaceOption().resolve(System.getenv()))) {
      ServiceCall.run(connection, service, endpoint, request, spec.commandLine().getOut());
    }
  }
}
