package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.Tenant;
import java.util.List;

/**
 * A tenant's partition of etcd, where the platform server keeps its config and registry: the key
 * prefixes the server writes the tenant's data under, a marker key that records the tenant, and an
 * etcd role allowed to read and write exactly those prefixes (for a server or tool that logs in as
 * the tenant once etcd authentication is on).
 *
 * @param markerKey {@code <prefix>/tenants/<tenant>}
 * @param markerValue what the marker holds: the tenant and its Kubernetes namespace, as JSON
 * @param keyPrefixes {@code <prefix>/config/<tenant>/} and {@code <prefix>/registry/<tenant>/};
 *     each ends with '/' so that tenant {@code acme} never covers tenant {@code acme-x}
 * @param role {@code aloft-tenant-<tenant>}
 */
public record TenantEtcdPartition(
    String markerKey, String markerValue, List<String> keyPrefixes, String role) {

  /** Prefix of the tenants' etcd roles. */
  public static final String ROLE_PREFIX = "aloft-tenant-";

  public TenantEtcdPartition {
    keyPrefixes = List.copyOf(keyPrefixes);
  }

  /** The partition of {@code tenant} under the server's {@code prefixes}. */
  public static TenantEtcdPartition desired(Tenant tenant, BackendPrefixes prefixes) {
    String name = TenantNames.tenantName(tenant);
    String root = prefixes.etcdKeyPrefix();
    return new TenantEtcdPartition(
        root + "/tenants/" + name,
        "{\"tenant\":\"" + name + "\",\"namespace\":\"" + TenantNames.namespace(tenant) + "\"}",
        List.of(root + "/config/" + name + "/", root + "/registry/" + name + "/"),
        ROLE_PREFIX + name);
  }
}
