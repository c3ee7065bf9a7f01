package dev.aloft.crds.v1alpha1;

/**
 * The regular expressions of the CRD schemas.
 *
 * <p>Each one is valid for both Go's RE2 (the API server) and {@link java.util.regex} (the
 * operator, tests), so it uses no look-around and no back-references. The patterns that are
 * embedded into JSON by a schema customizer ({@link #KUBERNETES_NAME}, {@link #TENANT_NAME}, {@link
 * #QUANTITY}) contain neither backslashes nor quotes.
 */
public final class ValidationPatterns {

  /**
   * An RFC 1035 label, as Kubernetes requires for Service names: lower case letters, digits and
   * '-', starting with a letter, ending with a letter or digit. Length is limited separately.
   */
  public static final String KUBERNETES_NAME = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  /** A tenant's name: a {@link #KUBERNETES_NAME} of at most {@link #TENANT_NAME_MAX_LENGTH}. */
  public static final String TENANT_NAME = KUBERNETES_NAME;

  /**
   * Longest tenant name: its Kubernetes namespace {@code aloft-<name>} must fit the 63 characters
   * of a label.
   */
  public static final int TENANT_NAME_MAX_LENGTH = 57;

  /** Longest name of an Aloft Service or Environment: a Kubernetes label. */
  public static final int NAME_MAX_LENGTH = 63;

  /** A tenant name, or {@code *} for every tenant. */
  public static final String TENANT_NAME_OR_ANY = "^([*]|[a-z]([-a-z0-9]*[a-z0-9])?)$";

  /**
   * An RFC 1123 subdomain, as for names of Secrets and DNS domains: labels of lower case letters,
   * digits and '-' joined by dots.
   */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A host name, optionally with a port, optionally starting with {@code *.} for subdomains. */
  public static final String SOURCE_HOST =
      "^([*][.])?[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?$";

  /**
   * A non-negative Kubernetes quantity such as {@code 500m}, {@code 2}, {@code 1.5}, {@code 512Mi}
   * or {@code 1e3}.
   */
  public static final String QUANTITY =
      "^([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$";

  /**
   * A git remote: {@code https://host/path}, {@code http://...}, {@code git://...}, {@code
   * ssh://[user@]host/path} or scp-like {@code user@host:path}. An https or http URL carries no
   * user info: credentials belong in a Secret.
   */
  public static final String GIT_URL =
      "^(https?://[^\\s/@]+(/\\S*)?"
          + "|(ssh|git)://([A-Za-z0-9._-]+@)?[^\\s/@]+(/\\S*)?"
          + "|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:\\S+)$";

  /**
   * A branch, tag, full ref or commit: segments of letters, digits, '_' and '-' joined by '.' or
   * '/', so never {@code ..}, never a leading or trailing separator.
   */
  public static final String GIT_REF = "^[A-Za-z0-9_-]+([./][A-Za-z0-9_-]+)*$";

  /** A relative directory inside a repository: same shape as {@link #GIT_REF}, no {@code ..}. */
  public static final String SOURCE_PATH = GIT_REF;

  /** A full commit id: SHA-1 (40 hex digits) or SHA-256 (64). */
  public static final String GIT_COMMIT = "^[0-9a-f]{40}([0-9a-f]{24})?$";

  /** A registry host with optional port, and an optional repository path, no tag. */
  public static final String IMAGE_REPOSITORY =
      "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$";

  /** An image reference: repository, optional tag, optional digest. */
  public static final String IMAGE_REFERENCE =
      "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*"
          + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

  /** An image reference pinned by digest: repository {@code @sha256:} 64 hex digits. */
  public static final String IMAGE_DIGEST_REFERENCE =
      "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*@sha256:[a-f0-9]{64}$";

  /** An image digest: {@code sha256:} and 64 hex digits. */
  public static final String IMAGE_DIGEST = "^sha256:[a-f0-9]{64}$";

  /** An environment variable name: a C identifier. */
  public static final String ENV_VAR_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

  /** A condition type: CamelCase, starting upper case ({@code Ready}, {@code SourceFetched}). */
  public static final String CONDITION_TYPE = "^[A-Z][A-Za-z0-9]*$";

  /** A condition reason, as Kubernetes' metav1.Condition requires: CamelCase, no spaces. */
  public static final String CONDITION_REASON = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

  /** Text without leading or trailing white space. */
  public static final String TRIMMED_TEXT = "^\\S(.*\\S)?$";

  private ValidationPatterns() {}
}
