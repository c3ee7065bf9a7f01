package dev.aloft.cli.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aloft.api.registry.v1.Endpoint;
import dev.aloft.api.registry.v1.GetServiceRequest;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.cli.AloftCli;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.connect.NamespaceOption;
import dev.aloft.cli.connect.PlatformConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Commands built at run time from the registry: {@code aloft <service> <endpoint> --field value
 * --nested.field value} calls the endpoint with the flags as its request, and {@code aloft
 * <service> --help} lists the endpoints with their flags. The flags come from the request schemas
 * the service registered; the call itself goes through the proxy like {@code aloft call}.
 */
public final class DynamicCommands {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DynamicCommands() {}

  /**
   * Adds to {@code root} a command for the registered service {@code name}, looked up in the
   * registry of the current environment.
   *
   * @throws CliException NOT_FOUND (exit 3) naming the service when the registry has none, or why
   *     the registry could not be asked
   */
  public static void addServiceCommand(CommandLine root, String name, Map<String, String> env) {
    AloftCli cli = (AloftCli) root.getCommandSpec().userObject();
    List<Service> versions;
    try (PlatformConnection connection =
        PlatformConnection.open(cli.config(), env, new NamespaceOption().resolve(env))) {
      try {
        versions =
            RegistryGrpc.newBlockingStub(connection.channel())
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .getService(GetServiceRequest.newBuilder().setService(name).build())
                .getServicesList();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND
            || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
          throw new CliException(
              ExitCodes.NOT_FOUND,
              "'"
                  + name
                  + "' is not a command, and no service '"
                  + name
                  + "' is registered in environment '"
                  + connection.environment().name()
                  + "' (commands: "
                  + String.join(", ", root.getSubcommands().keySet())
                  + "; see aloft --help)");
        }
        CliException failure = connection.failure(e);
        throw new CliException(
            failure.exitCode(),
            "'"
                + name
                + "' is not a command (commands: "
                + String.join(", ", root.getSubcommands().keySet())
                + "), and looking it up as a service failed: "
                + failure.getMessage());
      }
    }
    root.addSubcommand(name, new CommandLine(serviceSpec(name, versions)));
  }

  private static CommandSpec serviceSpec(String service, List<Service> versions) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    for (int i = versions.size() - 1; i >= 0; i--) {
      for (Endpoint endpoint : versions.get(i).getEndpointsList()) {
        endpoints.putIfAbsent(endpoint.getName(), endpoint);
      }
    }
    CommandSpec spec =
        CommandSpec.wrapWithoutInspection(
            (Runnable)
                () -> {
                  throw new CliException(
                      ExitCodes.USAGE,
                      "an endpoint of "
                          + service
                          + " is needed; see 'aloft "
                          + service
                          + " --help'");
                });
    spec.name(service).mixinStandardHelpOptions(true);
    spec.usageMessage()
        .description(
            "Endpoints of the registered service '"
                + service
                + "' (versions: "
                + versions.stream()
                    .map(v -> v.getVersion().isEmpty() ? "latest" : v.getVersion())
                    .collect(Collectors.joining(", "))
                + "). Each takes its request's fields as flags.")
        .synopsisSubcommandLabel("ENDPOINT");
    if (endpoints.isEmpty()) {
      spec.usageMessage().footer("", "The service registered no endpoints.");
    }
    List<String> used = new ArrayList<>();
    for (Endpoint endpoint : endpoints.values()) {
      String command = commandName(service, endpoint.getName());
      if (used.contains(command)) {
        command = kebab(endpoint.getName());
      }
      used.add(command);
      spec.addSubcommand(command, endpointSpec(service, command, endpoint));
    }
    return spec;
  }

  private static CommandSpec endpointSpec(String service, String command, Endpoint endpoint) {
    List<EndpointFlag> flags = EndpointFlag.of(endpoint.getRequest());
    EndpointRun run = new EndpointRun(service, endpoint.getName());
    CommandSpec spec = CommandSpec.wrapWithoutInspection(run);
    run.spec = spec;
    spec.name(command).mixinStandardHelpOptions(true);
    String summary =
        endpoint.getName()
            + (flags.isEmpty()
                ? " (no fields)"
                : " "
                    + flags.stream()
                        .map(flag -> "--" + flag.path() + " " + flag.label())
                        .collect(Collectors.joining(" ")));
    spec.usageMessage()
        .description(
            summary,
            "Calls "
                + endpoint.getName()
                + " of "
                + service
                + " with the flags as its request"
                + ("true".equals(endpoint.getMetadataMap().get("stream"))
                    ? "; prints one JSON object per response."
                    : "; prints the response as JSON."));
    for (EndpointFlag flag : flags) {
      OptionSpec.Builder option =
          OptionSpec.builder("--" + flag.path())
              .paramLabel(flag.label())
              .description(flag.type() + (flag.repeated() ? ", repeatable" : ""));
      if (flag.repeated()) {
        option.type(List.class).auxiliaryTypes(flag.javaType());
      } else {
        option.type(flag.javaType());
      }
      if (flag.javaType() == Boolean.class && !flag.repeated()) {
        option.arity("0..1").fallbackValue("true");
      }
      spec.addOption(option.build());
      run.flags.put("--" + flag.path(), flag);
    }
    return spec;
  }

  /** {@code call} for {@code Helloworld.Call} of {@code helloworld}; else {@code foo.say-hello}. */
  static String commandName(String service, String endpoint) {
    int dot = endpoint.lastIndexOf('.');
    String handler = dot < 0 ? "" : endpoint.substring(0, dot);
    String method = endpoint.substring(dot + 1);
    if (handler.isEmpty() || normalized(handler).equals(normalized(service))) {
      return kebab(method);
    }
    return kebab(handler) + "." + kebab(method);
  }

  private static String normalized(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  static String kebab(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** Runs an endpoint command: the matched flags become the JSON request. */
  private static final class EndpointRun implements Runnable {
    final String service;
    final String endpoint;
    final Map<String, EndpointFlag> flags = new LinkedHashMap<>();
    CommandSpec spec;

    EndpointRun(String service, String endpoint) {
      this.service = service;
      this.endpoint = endpoint;
    }

    @Override
    public void run() {
      ObjectNode request = JSON.createObjectNode();
      CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
      for (OptionSpec option : spec.options()) {
        EndpointFlag flag = flags.get(option.longestName());
        if (flag == null || !parsed.hasMatchedOption(option)) {
          continue;
        }
        put(request, flag, option.getValue());
      }
      AloftCli cli = (AloftCli) spec.root().userObject();
      try (PlatformConnection connection =
          PlatformConnection.open(
              cli.config(), System.getenv(), new NamespaceOption().resolve(System.getenv()))) {
        ServiceCall.run(
            connection, service, endpoint, request.toString(), spec.commandLine().getOut());
      }
    }

    private static void put(ObjectNode request, EndpointFlag flag, Object value) {
      String[] parts = flag.path().split("\\.");
      ObjectNode parent = request;
      for (int i = 0; i < parts.length - 1; i++) {
        parent =
            parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
      }
      String field = parts[parts.length - 1];
      if (value instanceof List<?> list) {
        ArrayNode array = parent.putArray(field);
        for (Object element : list) {
          array.add(node(flag, element));
        }
      } else {
        parent.set(field, node(flag, value));
      }
    }

    private static JsonNode node(EndpointFlag flag, Object value) {
      if ("json".equals(flag.type())) {
        try {
          return JSON.readTree(value.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new CliException(
              ExitCodes.USAGE, "--" + flag.path() + ": not JSON (" + e.getOriginalMessage() + ")");
        }
      }
      return JSON.valueToTree(value);
    }
  }
}
