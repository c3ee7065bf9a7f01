package dev.aloft.cli.env;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aloft.cli.CliException;
import dev.aloft.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CLI's own state in {@code ~/.aloft/config.json}: known environments, the current one, and per
 * environment the credentials of the last login. Written atomically with mode 0600, since it holds
 * tokens.
 */
public final class CliConfig {

  public static final String LOCAL = "local";
  public static final String LOCAL_ADDRESS = "127.0.0.1:8081";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern ADDRESS =
      Pattern.compile("((grpc|grpcs|https)://)?[A-Za-z0-9.-]+(:[0-9]{1,5})?");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final ObjectNode root;

  private CliConfig(Path file, ObjectNode root) {
    this.file = file;
    this.root = root;
  }

  /** Reads the config in DIR; a missing file is an empty config, a broken one an error. */
  public static CliConfig load(Path dir) {
    Path file = dir.resolve("config.json");
    if (!Files.exists(file)) {
      return new CliConfig(file, JSON.createObjectNode());
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new CliException(ExitCodes.FAILED, file + " is not a JSON object; fix or remove it");
      }
      return new CliConfig(file, (ObjectNode) node);
    } catch (JsonProcessingException e) {
      throw new CliException(
          ExitCodes.FAILED,
          file + " is not valid JSON (" + e.getOriginalMessage() + "); fix or remove it");
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage());
    }
  }

  public String currentName() {
    String current = root.path("current").asText(LOCAL);
    return environment(current).isPresent() ? current : LOCAL;
  }

  public Environment current() {
    return environment(currentName()).orElseThrow();
  }

  public List<Environment> environments() {
    List<Environment> all = new ArrayList<>();
    all.add(new Environment(LOCAL, LOCAL_ADDRESS, true));
    Iterator<Map.Entry<String, JsonNode>> fields = environmentsNode().fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      all.add(new Environment(entry.getKey(), entry.getValue().path("address").asText(), false));
    }
    return all;
  }

  public Optional<Environment> environment(String name) {
    return environments().stream().filter(env -> env.name().equals(name)).findFirst();
  }

  /** The environment named NAME, or NOT_FOUND listing what exists. */
  public Environment require(String name) {
    return environment(name)
        .orElseThrow(
            () ->
                new CliException(
                    ExitCodes.NOT_FOUND,
                    "no environment named '"
                        + name
                        + "' (known: "
                        + String.join(", ", environments().stream().map(Environment::name).toList())
                        + ")"));
  }

  public void add(String name, String address) {
    if (!NAME.matcher(name).matches()) {
      throw new CliException(
          ExitCodes.USAGE,
          "environment name '"
              + name
              + "' is invalid: use lower-case letters, digits, '-' and '_' (at most 63)");
    }
    if (!ADDRESS.matcher(address).matches()) {
      throw new CliException(
          ExitCodes.USAGE,
          "address '" + address + "' is invalid: use host:port, or grpcs://host[:port] for TLS");
    }
    if (environment(name).isPresent()) {
      throw new CliException(
          ExitCodes.ALREADY_EXISTS,
          "environment '" + name + "' already exists; delete it first with: aloft env del " + name);
    }
    environmentsNode().putObject(name).put("address", address);
  }

  public void remove(String name) {
    Environment env = require(name);
    if (env.builtIn()) {
      throw new CliException(
          ExitCodes.FAILED, "environment '" + name + "' is built in and cannot be deleted");
    }
    environmentsNode().remove(name);
    credentialsNode().remove(name);
    if (name.equals(root.path("current").asText())) {
      root.put("current", LOCAL);
    }
  }

  public void setCurrent(String name) {
    require(name);
    root.put("current", name);
  }

  /** Credentials stored by the last login to ENV, if any. */
  public Optional<ObjectNode> credentials(String env) {
    JsonNode node = credentialsNode().get(env);
    return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
  }

  public void setCredentials(String env, ObjectNode credentials) {
    credentialsNode().set(env, credentials);
  }

  public void clearCredentials(String env) {
    credentialsNode().remove(env);
  }

  public void save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".config", ".json");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: nothing more we can do
      }
      JSON.writeValue(tmp.toFile(), root);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + e.getMessage());
    }
  }

  private ObjectNode environmentsNode() {
    return objectField("environments");
  }

  private ObjectNode credentialsNode() {
    return objectField("credentials");
  }

  private ObjectNode objectField(String name) {
    JsonNode node = root.get(name);
    if (node instanceof ObjectNode object) {
      return object;
    }
    return root.putObject(name);
  }
}
