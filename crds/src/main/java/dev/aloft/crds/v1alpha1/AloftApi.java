package dev.aloft.crds.v1alpha1;

import java.util.List;

/** Group, version and the list of Aloft's custom resource classes. */
public final class AloftApi {

  /** The API group of every Aloft custom resource. */
  public static final String GROUP = "aloft.dev";

  /** The version this package models. */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} as written in a resource: {@code aloft.dev/v1alpha1}. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** The category {@code kubectl get aloft} lists. */
  public static final String CATEGORY = "aloft";

  /** Every custom resource class of this version, in the order their CRDs should be applied. */
  public static final List<Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>>>
      CUSTOM_RESOURCES = List.of(Tenant.class, Environment.class, AloftService.class);

  private AloftApi() {}
}
