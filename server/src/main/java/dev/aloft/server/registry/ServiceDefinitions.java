package dev.aloft.server.registry;

import dev.aloft.api.registry.v1.Endpoint;
import dev.aloft.api.registry.v1.Node;
import dev.aloft.api.registry.v1.Service;
import dev.aloft.api.registry.v1.Value;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax and limits of registrations (docs/registry.md), checked the same way by every backend:
 * each check throws {@link InvalidRegistrationException} naming the field by its API path.
 */
public final class ServiceDefinitions {

  /** The version a registration without one gets. */
  public static final String DEFAULT_VERSION = "latest";

  /** Largest registration (the serialized Service): 512 KiB, well inside etcd's value limit. */
  public static final int MAX_SERVICE_BYTES = 512 * 1024;

  public static final int MAX_NAME_LENGTH = 128;
  public static final int MAX_VERSION_LENGTH = 64;
  public static final int MAX_NODES = 128;
  public static final int MAX_ENDPOINTS = 256;
  public static final int MAX_FIELDS_PER_MESSAGE = 1000;
  public static final int MAX_VALUE_DEPTH = 16;
  public static final int MAX_METADATA_ENTRIES = 64;
  public static final int MAX_METADATA_KEY_LENGTH = 128;
  public static final int MAX_METADATA_VALUE_LENGTH = 4096;
  public static final Duration MIN_TTL = Duration.ofSeconds(1);
  public static final Duration MAX_TTL = Duration.ofHours(24);

  /** The protobuf scalar types a field may have besides message and enum types. */
  public static final Set<String> SCALAR_TYPES =
      Set.of(
          "double",
          "float",
          "int32",
          "int64",
          "uint32",
          "uint64",
          "sint32",
          "sint64",
          "fixed32",
          "fixed64",
          "sfixed32",
          "sfixed64",
          "bool",
          "string",
          "bytes");

  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]+");
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:-]+");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern ENDPOINT_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  private static final Pattern MESSAGE_TYPE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)*[A-Z][A-Za-z0-9_]*");
  private static final Pattern HOST_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("[0-9]+(\\.[0-9]+){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private ServiceDefinitions() {}

  /** Checks a registration completely and returns it with its version defaulted. */
  public static Service forRegister(Service service) {
    Service normalized = withDefaultVersion(service);
    checkIdentity(normalized);
    if (normalized.getSerializedSize() > MAX_SERVICE_BYTES) {
      throw new InvalidRegistrationException(
          "service",
          "is "
              + normalized.getSerializedSize()
              + " bytes serialized, at most "
              + MAX_SERVICE_BYTES
              + " allowed");
    }
    checkMetadata(normalized.getMetadataMap(), "service.metadata");
    checkEndpoints(normalized);
    checkNodes(normalized, true);
    return normalized;
  }

  /** Checks what Deregister needs (name, version, node ids) and defaults the version. */
  public static Service forDeregister(Service service) {
    Service normalized = withDefaultVersion(service);
    checkIdentity(normalized);
    checkNodes(normalized, false);
    return normalized;
  }

  /** Checks a service name given on its own (GetService, Watch), reported as {@code field}. */
  public static void checkServiceName(String name, String field) {
    if (name == null || name.isEmpty()) {
      throw new InvalidRegistrationException(field, "is required");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidRegistrationException(
          field, "is " + name.length() + " characters, at most " + MAX_NAME_LENGTH + " allowed");
    }
    if (!SERVICE_NAME.matcher(name).matches()) {
      throw new InvalidRegistrationException(
          field,
          "'"
              + name
              + "' is not a service name: use letters, digits, '.', '_' and '-', starting with a"
              + " letter or digit");
    }
  }

  /** Checks a TTL and rounds it up to whole seconds. */
  public static Optional<Duration> checkTtl(Optional<Duration> ttl) {
    if (ttl.isEmpty()) {
      return ttl;
    }
    Duration value = ttl.get();
    if (value.compareTo(MIN_TTL) < 0 || value.compareTo(MAX_TTL) > 0) {
      throw new InvalidRegistrationException(
          "options.ttl", "is " + value + ", must be between 1s and 24h");
    }
    long seconds = value.getSeconds() + (value.getNano() > 0 ? 1 : 0);
    return Optional.of(Duration.ofSeconds(seconds));
  }

  private static Service withDefaultVersion(Service service) {
    if (service == null) {
      throw new InvalidRegistrationException("service", "is required");
    }
    return service.getVersion().isEmpty()
        ? service.toBuilder().setVersion(DEFAULT_VERSION).build()
        : service;
  }

  private static void checkIdentity(Service service) {
    checkServiceName(service.getName(), "service.name");
    String version = service.getVersion();
    if (version.length() > MAX_VERSION_LENGTH) {
      throw new InvalidRegistrationException(
          "service.version",
          "is " + version.length() + " characters, at most " + MAX_VERSION_LENGTH + " allowed");
    }
    if (!VERSION.matcher(version).matches()) {
      throw new InvalidRegistrationException(
          "service.version",
          "'" + version + "' is not a version: use letters, digits, '.', '_', '+' and '-'");
    }
  }

  private static void checkNodes(Service service, boolean needAddress) {
    if (service.getNodesCount() == 0) {
      throw new InvalidRegistrationException("service.nodes", "needs at least one node");
    }
    if (service.getNodesCount() > MAX_NODES) {
      throw new InvalidRegistrationException(
          "service.nodes",
          "has " + service.getNodesCount() + " nodes, at most " + MAX_NODES + " allowed");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < service.getNodesCount(); i++) {
      Node node = service.getNodes(i);
      String field = "service.nodes[" + i + "]";
      String id = node.getId();
      if (id.isEmpty()) {
        throw new InvalidRegistrationException(field + ".id", "is required");
      }
      if (id.length() > MAX_NAME_LENGTH || !NODE_ID.matcher(id).matches()) {
        throw new InvalidRegistrationException(
            field + ".id",
            "'" + id + "' is not a node id: at most 128 letters, digits, '.', '_', ':' and '-'");
      }
      if (!ids.add(id)) {
        throw new InvalidRegistrationException(field + ".id", "'" + id + "' is given twice");
      }
      if (needAddress) {
        checkAddress(node.getAddress(), field + ".address");
        checkMetadata(node.getMetadataMap(), field + ".metadata");
      }
    }
  }

  /** host:port with a host name, an IPv4 address or a bracketed IPv6 address. */
  static void checkAddress(String address, String field) {
    if (address.isEmpty()) {
      throw new InvalidRegistrationException(field, "is required (host:port)");
    }
    String host;
    String port;
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      if (close < 0 || close + 1 >= address.length() || address.charAt(close + 1) != ':') {
        throw new InvalidRegistrationException(field, "'" + address + "' is not [ipv6]:port");
      }
      host = address.substring(1, close);
      port = address.substring(close + 2);
      if (!IPV6.matcher(host).matches() || host.chars().filter(c -> c == ':').count() < 2) {
        throw new InvalidRegistrationException(field, "'" + host + "' is not an IPv6 address");
      }
    } else {
      int colon = address.lastIndexOf(':');
      if (colon <= 0) {
        throw new InvalidRegistrationException(
            field, "'" + address + "' is not host:port (e.g. 10.0.0.5:9090)");
      }
      host = address.substring(0, colon);
      port = address.substring(colon + 1);
      checkHost(host, address, field);
    }
    int number;
    try {
      number = port.chars().allMatch(Character::isDigit) ? Integer.parseInt(port) : -1;
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 1 || number > 65535) {
      throw new InvalidRegistrationException(
          field, "'" + address + "' has no port 1..65535 after the last ':'");
    }
  }

  private static void checkHost(String host, String address, String field) {
    if (IPV4.matcher(host).matches()) {
      for (String octet : host.split("\\.")) {
        if (octet.length() > 3 || Integer.parseInt(octet) > 255) {
          throw new InvalidRegistrationException(
              field, "'" + address + "' has no valid IPv4 address");
        }
      }
      return;
    }
    if (host.length() > 253) {
      throw new InvalidRegistrationException(field, "host name is longer than 253 characters");
    }
    for (String label : host.split("\\.", -1)) {
      if (!HOST_LABEL.matcher(label).matches()) {
        throw new InvalidRegistrationException(
            field,
            "'"
                + address
                + "' has no valid host (letters, digits and '-' in dot-separated labels; IPv6"
                + " in brackets)");
      }
    }
  }

  private static void checkEndpoints(Service service) {
    if (service.getEndpointsCount() > MAX_ENDPOINTS) {
      throw new InvalidRegistrationException(
          "service.endpoints",
          "has " + service.getEndpointsCount() + " endpoints, at most " + MAX_ENDPOINTS);
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < service.getEndpointsCount(); i++) {
      Endpoint endpoint = service.getEndpoints(i);
      String field = "service.endpoints[" + i + "]";
      String name = endpoint.getName();
      if (name.isEmpty()) {
        throw new InvalidRegistrationException(field + ".name", "is required");
      }
      if (name.length() > 256 || !ENDPOINT_NAME.matcher(name).matches()) {
        throw new InvalidRegistrationException(
            field + ".name",
            "'" + name + "' is not an endpoint name: dot-separated identifiers (Service.Method)");
      }
      if (!names.add(name)) {
        throw new InvalidRegistrationException(field + ".name", "'" + name + "' is given twice");
      }
      if (endpoint.hasRequest()) {
        checkValue(endpoint.getRequest(), field + ".request", 0);
      }
      if (endpoint.hasResponse()) {
        checkValue(endpoint.getResponse(), field + ".response", 0);
      }
      checkMetadata(endpoint.getMetadataMap(), field + ".metadata");
    }
  }

  private static void checkValue(Value value, String field, int depth) {
    if (depth > MAX_VALUE_DEPTH) {
      throw new InvalidRegistrationException(
          field, "nests deeper than " + MAX_VALUE_DEPTH + " levels");
    }
    if (value.getName().isEmpty()) {
      throw new InvalidRegistrationException(field + ".name", "is required");
    }
    if (!IDENTIFIER.matcher(value.getName()).matches()) {
      throw new InvalidRegistrationException(
          field + ".name", "'" + value.getName() + "' is not an identifier");
    }
    String type = value.getType();
    if (type.isEmpty()) {
      throw new InvalidRegistrationException(field + ".type", "is required");
    }
    if (SCALAR_TYPES.contains(type)) {
      if (value.getValuesCount() > 0) {
        throw new InvalidRegistrationException(
            field + ".values", "a field of type " + type + " has no nested fields");
      }
      return;
    }
    if (!MESSAGE_TYPE.matcher(type).matches()) {
      throw new InvalidRegistrationException(
          field + ".type",
          "unknown type '"
              + type
              + "': use a protobuf scalar (string, int64, bool, ...) or a message or enum name"
              + " starting with an upper-case letter");
    }
    if (value.getValuesCount() > MAX_FIELDS_PER_MESSAGE) {
      throw new InvalidRegistrationException(
          field + ".values",
          "has " + value.getValuesCount() + " fields, at most " + MAX_FIELDS_PER_MESSAGE);
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < value.getValuesCount(); i++) {
      Value nested = value.getValues(i);
      String nestedField = field + ".values[" + i + "]";
      checkValue(nested, nestedField, depth + 1);
      if (!names.add(nested.getName())) {
        throw new InvalidRegistrationException(
            nestedField + ".name", "'" + nested.getName() + "' is given twice");
      }
    }
  }

  private static void checkMetadata(Map<String, String> metadata, String field) {
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw new InvalidRegistrationException(
          field, "has " + metadata.size() + " entries, at most " + MAX_METADATA_ENTRIES);
    }
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey();
      if (key.isEmpty() || key.length() > MAX_METADATA_KEY_LENGTH) {
        throw new InvalidRegistrationException(
            field, "keys must be 1.." + MAX_METADATA_KEY_LENGTH + " characters");
      }
      if (entry.getValue().length() > MAX_METADATA_VALUE_LENGTH) {
        throw new InvalidRegistrationException(
            field + "[\"" + key + "\"]",
            "is "
                + entry.getValue().length()
                + " characters, at most "
                + MAX_METADATA_VALUE_LENGTH
                + " allowed");
      }
    }
  }
}
