package dev.aloft.builder.source;

import java.nio.file.Path;

/**
 * A git source checked out into {@code dir}.
 *
 * @param commit the full commit id checked out
 * @param ref the branch or tag checked out, or the commit id as asked for
 */
public record Checkout(Path dir, String commit, String ref) {}
