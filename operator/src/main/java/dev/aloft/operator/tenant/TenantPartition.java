package dev.aloft.operator.tenant;

import java.util.Objects;

/**
 * What a partition dependent reports to the workflow: the partition's definition (a record of
 * {@code tenant-isolation}). A class, not a record: the operator extension's build step walks a
 * dependent's resource type up to its superclass, and {@code java.lang.Record} is not in its index.
 */
public final class TenantPartition {

  private final Object definition;

  public TenantPartition(Object definition) {
    this.definition = Objects.requireNonNull(definition);
  }

  /** The partition's definition. */
  public Object definition() {
    return definition;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantPartition p && definition.equals(p.definition);
  }

  @Override
  public int hashCode() {
    return definition.hashCode();
  }

  @Override
  public String toString() {
    return definition.toString();
  }
}
