/**
 * What a tenant (an {@code aloft.dev} {@code Namespace}) gets, computed by pure functions from the
 * custom resource and the {@link dev.aloft.tenant.PlatformSettings}: its Kubernetes namespace,
 * ResourceQuota, LimitRange, NetworkPolicies, ServiceAccount, Role and RoleBinding, and its
 * Keycloak realm and client.
 *
 * <p>Nothing here talks to an API server; the operator's dependents apply these objects (and set
 * owner references). Bad input fails with an {@link java.lang.IllegalArgumentException} that names
 * the field.
 */
package dev.aloft.tenant;
