package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.ValidationPatterns;
import java.util.List;
import java.util.Map;

/**
 * What the tenant builders need to know about the platform they belong to.
 *
 * @param namespace the Kubernetes namespace the platform (server, operator, backends) runs in
 * @param namespaceLabels labels that namespace carries, selected by the tenants' NetworkPolicies
 *     (Kubernetes 1.20 puts no name label on namespaces, so the platform's must be labelled)
 * @param loginRedirectUris where a tenant realm's {@code aloft} client may send browsers after
 *     login, e.g. the dashboard's {@code https://aloft.example/*}
 */
public record PlatformSettings(
    String namespace, Map<String, String> namespaceLabels, List<String> loginRedirectUris) {

  /** The label that marks the platform's namespace, unless told otherwise. */
  public static final String PLATFORM_LABEL = "aloft.dev/platform";

  public PlatformSettings {
    if (namespace == null
        || !namespace.matches(ValidationPatterns.KUBERNETES_NAME)
        || namespace.length() > 63) {
      throw new IllegalArgumentException(
          "platform namespace must be a Kubernetes namespace name (RFC 1035 label), got "
              + (namespace == null ? "none" : "'" + namespace + "'"));
    }
    if (namespaceLabels == null || namespaceLabels.isEmpty()) {
      throw new IllegalArgumentException(
          "platform namespace labels must not be empty: an empty namespaceSelector would let"
              + " every namespace into every tenant");
    }
    namespaceLabels.forEach(
        (key, value) -> {
          if (key == null || key.isBlank() || value == null) {
            throw new IllegalArgumentException(
                "platform namespace label " + key + "=" + value + " needs a key and a value");
          }
        });
    if (loginRedirectUris == null) {
      throw new IllegalArgumentException("login redirect URIs must be a list, possibly empty");
    }
    for (String uri : loginRedirectUris) {
      if (uri == null || uri.isBlank()) {
        throw new IllegalArgumentException(
            "login redirect URIs must not contain blanks, got " + loginRedirectUris);
      }
    }
    namespaceLabels = Map.copyOf(namespaceLabels);
    loginRedirectUris = List.copyOf(loginRedirectUris);
  }

  /**
   * The platform in {@code namespace}, which carries the label {@value #PLATFORM_LABEL}{@code
   * =true}.
   */
  public static PlatformSettings of(String namespace, List<String> loginRedirectUris) {
    return new PlatformSettings(namespace, Map.of(PLATFORM_LABEL, "true"), loginRedirectUris);
  }
}
