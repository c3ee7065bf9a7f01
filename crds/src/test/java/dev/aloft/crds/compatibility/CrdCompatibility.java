package dev.aloft.crds.compatibility;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresources;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds the changes between two versions of a CRD that would break what already works with the
 * previous one: stored resources, manifests users keep, clients and scripts.
 *
 * <p>Incompatible: a removed or no longer served version; a changed group, scope, kind, plural or
 * singular; a removed short name or category; a removed status or scale subresource; and in the
 * schema a removed field, a changed type, a newly required field, a narrowed or newly introduced
 * enum, any added or changed pattern or format, a raised minimum or lowered maximum (values,
 * lengths, item and property counts), a changed oneOf/anyOf/allOf/not, a list that becomes a set or
 * map or changes its keys, and unknown fields that were kept and are now pruned.
 *
 * <p>Everything else (descriptions, printer columns, new optional fields, widened enums, relaxed
 * bounds) is compatible.
 */
public final class CrdCompatibility {

  private final String crdName;
  private final List<String> problems = new ArrayList<>();

  private CrdCompatibility(String crdName) {
    this.crdName = crdName;
  }

  /**
   * The incompatible changes from {@code previous} to {@code current}, each naming the CRD, the
   * version and the field: e.g. {@code services.aloft.dev v1alpha1 .spec.replicas: type changed
   * from integer to string}. Empty when {@code current} can replace {@code previous}.
   */
  public static List<String> incompatibleChanges(
      CustomResourceDefinition previous, CustomResourceDefinition current) {
    CrdCompatibility check = new CrdCompatibility(previous.getMetadata().getName());
    check.compareDefinition(previous, current);
    return List.copyOf(check.problems);
  }

  private void compareDefinition(
      CustomResourceDefinition previous, CustomResourceDefinition current) {
    String where = "";
    same(where, "metadata.name", previous.getMetadata().getName(), current.getMetadata().getName());
    same(where, "spec.group", previous.getSpec().getGroup(), current.getSpec().getGroup());
    same(where, "spec.scope", previous.getSpec().getScope(), current.getSpec().getScope());
    CustomResourceDefinitionNames before = previous.getSpec().getNames();
    CustomResourceDefinitionNames after = current.getSpec().getNames();
    same(where, "spec.names.kind", before.getKind(), after.getKind());
    same(where, "spec.names.plural", before.getPlural(), after.getPlural());
    same(where, "spec.names.singular", before.getSingular(), after.getSingular());
    for (String shortName : before.getShortNames()) {
      if (!after.getShortNames().contains(shortName)) {
        problem(where, "short name " + shortName + " removed");
      }
    }
    for (String category : before.getCategories()) {
      if (!after.getCategories().contains(category)) {
        problem(where, "category " + category + " removed");
      }
    }
    for (CustomResourceDefinitionVersion version : previous.getSpec().getVersions()) {
      CustomResourceDefinitionVersion next =
          current.getSpec().getVersions().stream()
              .filter(v -> v.getName().equals(version.getName()))
              .findFirst()
              .orElse(null);
      if (next == null) {
        problem(where, "version " + version.getName() + " removed");
        continue;
      }
      compareVersion(version, next);
    }
  }

  private void compareVersion(
      CustomResourceDefinitionVersion previous, CustomResourceDefinitionVersion current) {
    String version = previous.getName();
    if (Boolean.TRUE.equals(previous.getServed()) && !Boolean.TRUE.equals(current.getServed())) {
      problem(version, "no longer served");
    }
    compareSubresources(version, previous.getSubresources(), current.getSubresources());
    JSONSchemaProps before =
        previous.getSchema() == null ? null : previous.getSchema().getOpenAPIV3Schema();
    JSONSchemaProps after =
        current.getSchema() == null ? null : current.getSchema().getOpenAPIV3Schema();
    if (before != null) {
      compareSchema(version, "", before, after);
    }
  }

  private void compareSubresources(
      String version, CustomResourceSubresources previous, CustomResourceSubresources current) {
    if (previous == null) {
      return;
    }
    if (previous.getStatus() != null && (current == null || current.getStatus() == null)) {
      problem(version, "status subresource removed");
    }
    if (previous.getScale() != null) {
      if (current == null || current.getScale() == null) {
        problem(version, "scale subresource removed");
      } else if (!previous.getScale().equals(current.getScale())) {
        problem(
            version,
            "scale subresource changed from " + previous.getScale() + " to " + current.getScale());
      }
    }
  }

  private void compareSchema(
      String version, String path, JSONSchemaProps previous, JSONSchemaProps current) {
    String field = path.isEmpty() ? "(root)" : path;
    String where = version + " " + field;
    if (current == null) {
      problem(version + " " + field, "field removed");
      return;
    }
    if (!Objects.equals(typeOf(previous), typeOf(current))
        && !(isString(previous) && isIntOrString(current))) {
      problem(where, "type changed from " + typeOf(previous) + " to " + typeOf(current));
      return;
    }
    compareEnum(where, previous, current);
    changedWhenSet(where, "pattern", previous.getPattern(), current.getPattern());
    changedWhenSet(where, "format", previous.getFormat(), current.getFormat());
    lowerBound(where, "minimum", previous.getMinimum(), current.getMinimum());
    upperBound(where, "maximum", previous.getMaximum(), current.getMaximum());
    if (!Boolean.TRUE.equals(previous.getExclusiveMinimum())
        && Boolean.TRUE.equals(current.getExclusiveMinimum())) {
      problem(where, "minimum became exclusive");
    }
    if (!Boolean.TRUE.equals(previous.getExclusiveMaximum())
        && Boolean.TRUE.equals(current.getExclusiveMaximum())) {
      problem(where, "maximum became exclusive");
    }
    lowerBound(where, "minLength", previous.getMinLength(), current.getMinLength());
    upperBound(where, "maxLength", previous.getMaxLength(), current.getMaxLength());
    lowerBound(where, "minItems", previous.getMinItems(), current.getMinItems());
    upperBound(where, "maxItems", previous.getMaxItems(), current.getMaxItems());
    lowerBound(where, "minProperties", previous.getMinProperties(), current.getMinProperties());
    upperBound(where, "maxProperties", previous.getMaxProperties(), current.getMaxProperties());
    sameJunctor(where, "oneOf", previous, current, JSONSchemaProps::getOneOf);
    if (!isIntOrString(current)) {
      // int-or-string is spelled as anyOf [integer, string]; its type check covers it.
      sameJunctor(where, "anyOf", previous, current, JSONSchemaProps::getAnyOf);
    }
    sameJunctor(where, "allOf", previous, current, JSONSchemaProps::getAllOf);
    sameJunctor(where, "not", previous, current, JSONSchemaProps::getNot);
    if (Boolean.TRUE.equals(previous.getNullable())
        && !Boolean.TRUE.equals(current.getNullable())) {
      problem(where, "no longer nullable");
    }
    if (Boolean.TRUE.equals(previous.getXKubernetesPreserveUnknownFields())
        && !Boolean.TRUE.equals(current.getXKubernetesPreserveUnknownFields())) {
      problem(where, "unknown fields were preserved and are now pruned");
    }
    String listBefore = Objects.requireNonNullElse(previous.getXKubernetesListType(), "atomic");
    String listAfter = Objects.requireNonNullElse(current.getXKubernetesListType(), "atomic");
    if (!listBefore.equals(listAfter)) {
      problem(where, "list type changed from " + listBefore + " to " + listAfter);
    } else if (!Objects.equals(
        previous.getXKubernetesListMapKeys(), current.getXKubernetesListMapKeys())) {
      problem(
          where,
          "list map keys changed from "
              + previous.getXKubernetesListMapKeys()
              + " to "
              + current.getXKubernetesListMapKeys());
    }
    for (String name : current.getRequired()) {
      if (!previous.getRequired().contains(name)) {
        problem(version + " " + path + "." + name, "newly required");
      }
    }
    for (Map.Entry<String, JSONSchemaProps> property : previous.getProperties().entrySet()) {
      compareSchema(
          version,
          path + "." + property.getKey(),
          property.getValue(),
          current.getProperties().get(property.getKey()));
    }
    if (previous.getItems() != null && previous.getItems().getSchema() != null) {
      JSONSchemaProps items = current.getItems() == null ? null : current.getItems().getSchema();
      compareSchema(version, path + "[]", previous.getItems().getSchema(), items);
    }
    compareAdditionalProperties(
        version, path, previous.getAdditionalProperties(), current.getAdditionalProperties());
  }

  private void compareAdditionalProperties(
      String version, String path, JSONSchemaPropsOrBool previous, JSONSchemaPropsOrBool current) {
    if (previous == null) {
      return;
    }
    String where = version + " " + path + "{}";
    boolean allowedBefore =
        previous.getSchema() != null || !Boolean.FALSE.equals(previous.getAllows());
    boolean allowedAfter =
        current != null
            && (current.getSchema() != null || !Boolean.FALSE.equals(current.getAllows()));
    if (allowedBefore && !allowedAfter) {
      problem(where, "map entries no longer allowed");
    } else if (previous.getSchema() != null && current.getSchema() != null) {
      compareSchema(version, path + "{}", previous.getSchema(), current.getSchema());
    }
  }

  private void compareEnum(String where, JSONSchemaProps previous, JSONSchemaProps current) {
    if (current.getEnum().isEmpty()) {
      return;
    }
    if (previous.getEnum().isEmpty()) {
      problem(where, "enum introduced: only " + enumText(current) + " allowed now");
      return;
    }
    List<String> removed =
        previous.getEnum().stream()
            .filter(value -> !current.getEnum().contains(value))
            .map(value -> value.isTextual() ? value.asText() : value.toString())
            .toList();
    if (!removed.isEmpty()) {
      problem(where, "enum narrowed: " + String.join(", ", removed) + " no longer allowed");
    }
  }

  private static String enumText(JSONSchemaProps schema) {
    return schema.getEnum().stream()
        .map(value -> value.isTextual() ? value.asText() : value.toString())
        .toList()
        .toString();
  }

  private static String typeOf(JSONSchemaProps schema) {
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      return "int-or-string";
    }
    return Objects.requireNonNullElse(schema.getType(), "(untyped)");
  }

  private static boolean isString(JSONSchemaProps schema) {
    return "string".equals(typeOf(schema));
  }

  private static boolean isIntOrString(JSONSchemaProps schema) {
    return "int-or-string".equals(typeOf(schema));
  }

  private void same(String where, String what, Object previous, Object current) {
    if (!Objects.equals(previous, current)) {
      problem(where, what + " changed from " + previous + " to " + current);
    }
  }

  private void changedWhenSet(String where, String what, String previous, String current) {
    if (current != null && !current.equals(previous)) {
      problem(
          where,
          previous == null
              ? what + " added: " + current
              : what + " changed from " + previous + " to " + current);
    }
  }

  private void lowerBound(String where, String what, Number previous, Number current) {
    if (current != null && (previous == null || current.doubleValue() > previous.doubleValue())) {
      problem(
          where,
          what + " raised from " + (previous == null ? "none" : previous) + " to " + current);
    }
  }

  private void upperBound(String where, String what, Number previous, Number current) {
    if (current != null && (previous == null || current.doubleValue() < previous.doubleValue())) {
      problem(
          where,
          what + " lowered from " + (previous == null ? "none" : previous) + " to " + current);
    }
  }

  private <T> void sameJunctor(
      String where,
      String what,
      JSONSchemaProps previous,
      JSONSchemaProps current,
      Function<JSONSchemaProps, T> junctor) {
    T before = junctor.apply(previous);
    T after = junctor.apply(current);
    boolean emptyBefore = before == null || (before instanceof List<?> l && l.isEmpty());
    boolean emptyAfter = after == null || (after instanceof List<?> l && l.isEmpty());
    if (emptyAfter || (!emptyBefore && before.equals(after))) {
      return;
    }
    problem(where, what + (emptyBefore ? " added" : " changed"));
  }

  private void problem(String where, String what) {
    problems.add(crdName + (where.isEmpty() ? "" : " " + where) + ": " + what);
  }
}
