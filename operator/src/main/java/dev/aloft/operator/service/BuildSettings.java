package dev.aloft.operator.service;

/**
 * How the operator runs build Jobs (configuration {@code aloft.builder.*}).
 *
 * @param builderImage the runtime-builder image the Job runs
 * @param baseImage the JRE image service images are built on ({@code ALOFT_BUILDER_BASE_IMAGE})
 * @param hostNetwork run the build pod in the node's network namespace, so that a git daemon and
 *     registry listening on the node's loopback (the local cluster of infra/k8s/up) are reachable
 * @param cpu the build container's CPU limit, lowered to the tenant's LimitRange maximum
 * @param memory the build container's memory limit, lowered to the tenant's LimitRange maximum
 * @param deadlineSeconds how long a build may run before Kubernetes stops it
 */
public record BuildSettings(
    String builderImage,
    String baseImage,
    boolean hostNetwork,
    String cpu,
    String memory,
    long deadlineSeconds) {}
