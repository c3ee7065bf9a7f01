package dev.aloft.server.auth;

import dev.aloft.api.auth.v1.Token;

/** Conversions between the auth domain and the aloft.auth.v1 messages. */
final class AuthMessages {

  private AuthMessages() {}

  static dev.aloft.api.auth.v1.Account account(Account account) {
    return dev.aloft.api.auth.v1.Account.newBuilder()
        .setId(account.id())
        .setType(account.type().wireName())
        .putAllMetadata(account.metadata())
        .addAllScopes(account.scopes())
        .setIssuer(account.namespace())
        .setCreated(account.created().getEpochSecond())
        .build();
  }

  static dev.aloft.api.auth.v1.Account account(VerifiedToken token) {
    return dev.aloft.api.auth.v1.Account.newBuilder()
        .setId(token.accountId())
        .setType(token.type().wireName())
        .putAllMetadata(token.metadata())
        .addAllScopes(token.scopes())
        .setIssuer(token.namespace())
        .build();
  }

  static Token token(IssuedTokens tokens) {
    return Token.newBuilder()
        .setAccessToken(tokens.accessToken())
        .setRefreshToken(tokens.refreshToken())
        .setCreated(tokens.created().getEpochSecond())
        .setExpiry(tokens.expiry().getEpochSecond())
        .build();
  }

  static dev.aloft.api.auth.v1.Rule rule(Rule rule) {
    return dev.aloft.api.auth.v1.Rule.newBuilder()
        .setId(rule.id())
        .setScope(rule.scope())
        .setResource(
            dev.aloft.api.auth.v1.Resource.newBuilder()
                .setType(rule.resource().type())
                .setName(rule.resource().name())
                .setEndpoint(rule.resource().endpoint()))
        .setAccess(
            rule.access() == Access.GRANTED
                ? dev.aloft.api.auth.v1.Access.GRANTED
                : dev.aloft.api.auth.v1.Access.DENIED)
        .setPriority(rule.priority())
        .build();
  }

  /** A validated domain rule; INVALID_ARGUMENT naming the field otherwise. */
  static Rule rule(dev.aloft.api.auth.v1.Rule message) {
    String id = AuthInput.ruleId(message.getId(), "rule.id");
    String scope = AuthInput.ruleScope(message.getScope());
    if (!message.hasResource()) {
      throw AuthInput.invalid("rule.resource", "required (type, name and endpoint)");
    }
    dev.aloft.api.auth.v1.Resource resource = message.getResource();
    Resource pattern =
        AuthInput.resource(
            resource.getType(), resource.getName(), resource.getEndpoint(), "rule.resource");
    Access access =
        switch (message.getAccess()) {
          case GRANTED -> Access.GRANTED;
          case DENIED -> Access.DENIED;
          default ->
              throw AuthInput.invalid(
                  "rule.access", message.getAccess() + " is not GRANTED or DENIED");
        };
    return new Rule(id, scope, pattern, access, message.getPriority());
  }
}
