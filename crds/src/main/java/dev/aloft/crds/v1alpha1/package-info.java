/**
 * The Java model of Aloft's custom resources, group {@code aloft.dev}, version {@code v1alpha1}:
 * {@link dev.aloft.crds.v1alpha1.Tenant} (kind {@code Namespace}), {@link
 * dev.aloft.crds.v1alpha1.Environment} and {@link dev.aloft.crds.v1alpha1.AloftService} (kind
 * {@code Service}).
 *
 * <p>Field descriptions ({@code @JsonPropertyDescription}) and validation annotations become the
 * OpenAPI schema of the generated CRDs (see {@code docs/crds.md}). Everything must be expressible
 * without CEL rules: the oldest API server Aloft supports is Kubernetes 1.20.
 */
package dev.aloft.crds.v1alpha1;
