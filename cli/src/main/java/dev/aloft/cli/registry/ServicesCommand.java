package dev.aloft.cli.registry;

import dev.aloft.api.registry.v1.ListServicesRequest;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.cli.connect.PlatformCommand;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.output.Output;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code aloft services}: the services registered in the namespace, as the registry has them. */
@Command(
    name = "services",
    mixinStandardHelpOptions = true,
    description = {
      "List the services registered in the namespace: name, version and the addresses of their"
          + " nodes (instances).",
      "Example: aloft services -o json"
    })
public final class ServicesCommand extends PlatformCommand {

  @Override
  protected void run(PlatformConnection platform, Output output) {
    List<Service> services =
        platform
            .unary(RegistryGrpc::newBlockingStub)
            .listServices(ListServicesRequest.getDefaultInstance())
            .getServicesList();
    output.rows(
        List.of("name", "version", "nodes"), services.stream().map(ServicesCommand::row).toList());
  }

  static List<String> row(Service service) {
    return List.of(
        service.getName(),
        service.getVersion().isEmpty() ? "latest" : service.getVersion(),
        service.getNodesList().stream().map(Node::getAddress).collect(Collectors.joining(",")));
  }
}
