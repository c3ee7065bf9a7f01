package dev.aloft.crds.v1alpha1;

import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tenant: kind {@code Namespace} in group {@code aloft.dev}, cluster scoped. The operator gives
 * it the Kubernetes namespace {@code aloft-<name>} with quota, limits, network policies and RBAC, a
 * Keycloak realm and its partitions in the platform's backends.
 *
 * <p>Its name becomes part of a Kubernetes namespace name, so it is an RFC 1035 label of at most
 * {@value ValidationPatterns#TENANT_NAME_MAX_LENGTH} characters.
 */
@Group(AloftApi.GROUP)
@Version(AloftApi.VERSION)
@Kind("Namespace")
@Plural("tenants")
@Singular("tenant")
@ShortNames("atns")
@Categories(AloftApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Namespace",
    jsonPath = ".status.namespace",
    getDescription = "The Kubernetes namespace of the tenant's workloads")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Whether everything the tenant gets exists")
@AdditionalPrinterColumn(name = "Network", jsonPath = ".spec.networkPolicy", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"description\":\"A tenant of Aloft. The operator gives it the "
            + "Kubernetes namespace aloft-<name> with quota, limits, network "
            + "policies and RBAC, a Keycloak realm, and partitions in the platform "
            + "backends.\","
            + "\"properties\":{\"spec\":{\"description\":\"What the tenant asks for; "
            + "absent fields take the platform defaults.\"},"
            + "\"status\":{\"description\":\"What the operator observed; written by "
            + "the operator only.\"},"
            + "\"metadata\":{\"type\":\"object\",\"properties\":{\"name\":{"
            + "\"type\":\"string\",\"pattern\":\""
            + ValidationPatterns.TENANT_NAME
            + "\",\"maxLength\":"
            + ValidationPatterns.TENANT_NAME_MAX_LENGTH
            + "}}}}}")
public class Tenant extends CustomResource<TenantSpec, TenantStatus> {

  /** The kind as the API server knows it. */
  public static final String KIND = "Namespace";

  @Override
  protected TenantSpec initSpec() {
    return new TenantSpec();
  }
}
