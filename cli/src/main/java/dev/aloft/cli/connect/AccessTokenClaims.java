package dev.aloft.cli.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * What an access token says about itself (issuer, namespace, subject, expiry), read from its
 * payload without verifying the signature: for display only; the platform verifies every token it
 * receives. The namespace is the {@value #NAMESPACE_CLAIM} claim of a Keycloak-issued token, whose
 * issuer is its realm's URL, else the issuer (the embedded auth issues as the namespace).
 */
public record AccessTokenClaims(
    String issuer, String namespace, String subject, Optional<Instant> expiry) {

  /** The claim the tenant realms' mapper adds (tenant-isolation TenantRealm.NAMESPACE_CLAIM). */
  static final String NAMESPACE_CLAIM = "aloft_namespace";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The claims of a JWT, or empty when TOKEN is not one. */
  public static Optional<AccessTokenClaims> read(String token) {
    String[] parts = token.trim().split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      if (payload == null || !payload.isObject()) {
        return Optional.empty();
      }
      String issuer = payload.path("iss").asText("");
      return Optional.of(
          new AccessTokenClaims(
              issuer,
              payload.path(NAMESPACE_CLAIM).asText(issuer),
              payload.path("sub").asText(""),
              payload.has("exp")
                  ? Optional.of(Instant.ofEpochSecond(payload.path("exp").asLong()))
                  : Optional.empty()));
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }
}
