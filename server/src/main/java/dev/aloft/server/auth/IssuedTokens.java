package dev.aloft.server.auth;

import java.time.Instant;

/** An access token and a refresh token, with when the access token was issued and expires. */
public record IssuedTokens(
    String accessToken, String refreshToken, Instant created, Instant expiry) {}
