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
 * An environment (stage) such as dev or prod, cluster scoped: the image registry, defaults for
 * replicas, resources and domain, and which tenants may deploy there. A service revision moves
 * between environments by image digest ({@link Promotion}).
 */
@Group(AloftApi.GROUP)
@Version(AloftApi.VERSION)
@Kind("Environment")
@Plural("environments")
@Singular("environment")
@ShortNames("aenv")
@Categories(AloftApi.CATEGORY)
@AdditionalPrinterColumn(name = "Domain", jsonPath = ".spec.domain")
@AdditionalPrinterColumn(
    name = "Services",
    jsonPath = ".status.services",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Aloft Services deployed here")
@AdditionalPrinterColumn(
    name = "Ready Services",
    jsonPath = ".status.readyServices",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Whether the environment can take deployments")
@AdditionalPrinterColumn(
    name = "Registry",
    jsonPath = ".spec.imageRegistry.repository",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        "{\"description\":\"A stage such as dev or prod: the image registry, "
            + "defaults for the services deployed to it, and which tenants may "
            + "deploy there.\",\"required\":[\"spec\"],"
            + "\"properties\":{\"spec\":{\"description\":\"The environment's "
            + "registry, defaults and allowed tenants.\"},"
            + "\"status\":{\"description\":\"What the operator observed; written by "
            + "the operator only.\"},"
            + "\"metadata\":{\"type\":\"object\",\"properties\":{\"name\":{"
            + "\"type\":\"string\",\"pattern\":\""
            + ValidationPatterns.KUBERNETES_NAME
            + "\",\"maxLength\":"
            + ValidationPatterns.NAME_MAX_LENGTH
            + "}}}}}")
public class Environment extends CustomResource<EnvironmentSpec, EnvironmentStatus> {

  /** The kind as the API server knows it. */
  public static final String KIND = "Environment";
}
