package dev.aloft.cli.connect;

import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --namespace NS}: the namespace a call acts in, sent as {@code aloft-namespace}. Only
 * platform admins may name another namespace than their own (the server refuses others); for {@code
 * aloft login} it names the namespace of the account logging in. Defaults to {@code
 * ALOFT_NAMESPACE}.
 */
public final class NamespaceOption {

  public static final String VARIABLE = "ALOFT_NAMESPACE";

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description =
          "Act in this namespace (platform admins only; default: $ALOFT_NAMESPACE, else the"
              + " namespace of the logged-in account).")
  String namespace;

  /** The option, else ALOFT_NAMESPACE, else nothing (the account's own namespace). */
  public Optional<String> resolve(Map<String, String> environmentVariables) {
    if (namespace != null && !namespace.isBlank()) {
      return Optional.of(namespace);
    }
    String variable = environmentVariables.get(VARIABLE);
    return variable == null || variable.isBlank() ? Optional.empty() : Optional.of(variable);
  }
}
