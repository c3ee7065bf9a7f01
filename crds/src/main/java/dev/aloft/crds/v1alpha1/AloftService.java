package dev.aloft.crds.v1alpha1;

import dev.aloft.crds.schema.SchemaMergePatch;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A service on Aloft: kind {@code Service} in group {@code aloft.dev}, living in its tenant's
 * namespace. The operator builds it (or takes the given or promoted image), deploys it and
 * registers it. Supports {@code kubectl scale}.
 *
 * <p>Its name becomes the name of a Deployment and a Kubernetes Service, so it is an RFC 1035 label
 * of at most {@value ValidationPatterns#NAME_MAX_LENGTH} characters.
 */
@Group(AloftApi.GROUP)
@Version(AloftApi.VERSION)
@Kind("Service")
@Plural("services")
@Singular("service")
@ShortNames("asvc")
@Categories(AloftApi.CATEGORY)
@AdditionalPrinterColumn(name = "Environment", jsonPath = ".spec.environment")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Replicas",
    jsonPath = ".status.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Available",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Replicas ready to serve")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Whether the service runs and is registered")
@AdditionalPrinterColumn(name = "Revision", jsonPath = ".status.revision", priority = 1)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.image", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"description\":\"A service on Aloft, in its tenant's namespace: "
            + "built from git (or given as an image, or promoted by digest from "
            + "another environment), deployed and registered by the "
            + "operator.\",\"required\":[\"spec\"],"
            + "\"properties\":{\"spec\":{\"description\":\"What the service runs, "
            + "where, and how many times.\"},"
            + "\"status\":{\"description\":\"What the operator observed; written by "
            + "the operator only.\"},"
            + "\"metadata\":{\"type\":\"object\",\"properties\":{\"name\":{"
            + "\"type\":\"string\",\"pattern\":\""
            + ValidationPatterns.KUBERNETES_NAME
            + "\",\"maxLength\":"
            + ValidationPatterns.NAME_MAX_LENGTH
            + "}}}}}")
public class AloftService extends CustomResource<AloftServiceSpec, AloftServiceStatus>
    implements Namespaced {

  /** The kind as the API server knows it. */
  public static final String KIND = "Service";

  /**
   * Label on the pods (and objects) that run a service, {@code aloft.dev/service: <name>}: the
   * operator's Deployment selects its pods by it; the platform server reads their logs by it.
   */
  public static final String SERVICE_LABEL = "aloft.dev/service";

  /** Label on a service's build Jobs and their pods, {@code aloft.dev/build-of: <name>}. */
  public static final String BUILD_OF_LABEL = "aloft.dev/build-of";
}
