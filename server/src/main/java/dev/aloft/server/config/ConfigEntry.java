package dev.aloft.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A value read from config.
 *
 * @param value the value, secret leaves masked or revealed as asked
 * @param version the version of the last change that touched it (0 when none ever did)
 */
public record ConfigEntry(JsonNode value, long version) {}
