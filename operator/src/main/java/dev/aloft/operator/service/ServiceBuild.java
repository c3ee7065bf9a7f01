package dev.aloft.operator.service;

import dev.aloft.crds.v1alpha1.ComputeResources;
import dev.aloft.crds.v1alpha1.ServiceSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One build of a service from spec.source: everything {@link ServiceBuildJobs} needs for its Job.
 *
 * @param service the service's name
 * @param namespace the tenant's namespace, where the Job runs (under the tenant's quota)
 * @param tenant the tenant's name
 * @param source spec.source
 * @param repository where the image is pushed: {@code <environment registry>/<tenant>/<service>}
 * @param insecureRegistry the environment's registry speaks plain HTTP
 * @param allowedSourceHosts the tenant's spec.allowedSourceHosts (empty: any host), enforced by the
 *     builder
 * @param requests the build container's requests (the tenant's default requests)
 * @param limits the build container's limits (the configured ones within the tenant's maximum)
 * @param settings the operator's build configuration
 */
public record ServiceBuild(
    String service,
    String namespace,
    String tenant,
    ServiceSource source,
    String repository,
    boolean insecureRegistry,
    List<String> allowedSourceHosts,
    ComputeResources requests,
    ComputeResources limits,
    BuildSettings settings) {

  public ServiceBuild {
    allowedSourceHosts = allowedSourceHosts == null ? List.of() : List.copyOf(allowedSourceHosts);
  }

  /** Hex digits of the source hash in the Job's name. */
  static final int HASH_LENGTH = 10;

  /**
   * The first {@value #HASH_LENGTH} hex digits of a SHA-256 over git URL, ref, path, credentials
   * Secret and, when set, the rebuild nonce: a changed source (or nonce) means a new Job, the same
   * source the same one. Without a nonce the hash is what it was before the nonce existed, so
   * services that never asked for a rebuild keep their Job.
   */
  public String sourceHash() {
    String key =
        String.join(
            "\n",
            source.getGit(),
            String.valueOf(source.getRef()),
            String.valueOf(source.getPath()),
            String.valueOf(source.getCredentialsSecret()));
    if (source.getRebuildNonce() != null) {
      key += "\nrebuild " + source.getRebuildNonce();
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The Job's name, {@code <service>-build-<hash>}, the service's part shortened so that the whole
   * is a DNS label (the Job controller puts it in the {@code job-name} label of its pods).
   */
  public String jobName() {
    String suffix = "-build-" + sourceHash();
    String prefix =
        service.length() > 63 - suffix.length()
            ? service.substring(0, 63 - suffix.length()).replaceAll("-+$", "")
            : service;
    return prefix + suffix;
  }

  /** The image reference the Job pushes to: the repository, tagged with the source hash. */
  public String image() {
    return repository + ":" + sourceHash();
  }
}
