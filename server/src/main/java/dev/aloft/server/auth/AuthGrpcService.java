package dev.aloft.server.auth;

import dev.aloft.api.auth.v1.AuthGrpc;
import dev.aloft.api.auth.v1.GenerateRequest;
import dev.aloft.api.auth.v1.GenerateResponse;
import dev.aloft.api.auth.v1.InspectRequest;
import dev.aloft.api.auth.v1.InspectResponse;
import dev.aloft.api.auth.v1.TokenRequest;
import dev.aloft.api.auth.v1.TokenResponse;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.time.Duration;

/** {@code aloft.auth.v1.Auth}: creates accounts and exchanges credentials for tokens. */
@GrpcService
public class AuthGrpcService extends AuthGrpc.AuthImplBase {

  private final AccountStore accounts;
  private final TokenIssuer issuer;
  private final TokenVerifier verifier;

  @Inject
  public AuthGrpcService(AccountStore accounts, TokenIssuer issuer, TokenVerifier verifier) {
    this.accounts = accounts;
    this.issuer = issuer;
    this.verifier = verifier;
  }

  @Override
  public void generate(GenerateRequest request, StreamObserver<GenerateResponse> observer) {
    UnaryCalls.respond(
        observer,
        () -> {
          Caller caller = Caller.current();
          String id = AuthInput.accountId(request.getId(), "id");
          AccountType type = AuthInput.accountType(request.getType());
          var scopes = AuthInput.scopes(request.getScopesList());
          var metadata = AuthInput.metadata(request.getMetadataMap());
          String secret = AuthInput.secretOrGenerated(request.getSecret(), "secret");
          if (scopes.contains(PlatformAdmin.ADMIN_SCOPE)
              && !caller.scopes().contains(PlatformAdmin.ADMIN_SCOPE)) {
            throw Status.PERMISSION_DENIED
                .withDescription(
                    "scopes: only a caller holding the 'admin' scope may grant 'admin'")
                .asRuntimeException();
          }
          Account account;
          try {
            account =
                accounts.create(
                    caller.namespace(), new NewAccount(id, type, scopes, metadata), secret);
          } catch (AccountExistsException e) {
            throw Status.ALREADY_EXISTS
                .withDescription("id: " + e.getMessage())
                .asRuntimeException();
          }
          return GenerateResponse.newBuilder()
              .setAccount(AuthMessages.account(account).toBuilder().setSecret(secret))
              .build();
        });
  }

  @Override
  public void inspect(InspectRequest request, StreamObserver<InspectResponse> observer) {
    UnaryCalls.respond(
        observer,
        () -> {
          if (request.getToken().isEmpty()) {
            throw AuthInput.invalid("token", "required");
          }
          try {
            VerifiedToken token = verifier.verify(request.getToken());
            return InspectResponse.newBuilder().setAccount(AuthMessages.account(token)).build();
          } catch (InvalidTokenException e) {
            throw Status.UNAUTHENTICATED
                .withDescription("token: " + e.getMessage())
                .asRuntimeException();
          }
        });
  }

  @Override
  public void token(TokenRequest request, StreamObserver<TokenResponse> observer) {
    UnaryCalls.respond(
        observer,
        () -> {
          if (request.getTokenExpiry() < 0) {
            throw AuthInput.invalid(
                "token_expiry", request.getTokenExpiry() + " is negative; give seconds, or 0");
          }
          Duration ttl = Duration.ofSeconds(request.getTokenExpiry());
          if (!request.getRefreshToken().isEmpty()) {
            if (!request.getId().isEmpty() || !request.getSecret().isEmpty()) {
              throw AuthInput.invalid(
                  "refresh_token", "give either refresh_token or id and secret, not both");
            }
            try {
              return response(issuer.refresh(request.getRefreshToken(), ttl));
            } catch (InvalidTokenException e) {
              throw Status.UNAUTHENTICATED
                  .withDescription("refresh_token: " + e.getMessage())
                  .asRuntimeException();
            }
          }
          if (request.getId().isEmpty()) {
            throw AuthInput.invalid("id", "required (with secret), or give refresh_token");
          }
          String id = AuthInput.accountId(request.getId(), "id");
          if (request.getSecret().isEmpty()) {
            throw AuthInput.invalid("secret", "required with id");
          }
          String namespace = Caller.current().namespace();
          return response(
              issuer
                  .exchange(namespace, id, request.getSecret(), ttl)
                  .orElseThrow(
                      () ->
                          Status.UNAUTHENTICATED
                              .withDescription(
                                  "wrong account id or secret for namespace '" + namespace + "'")
                              .asRuntimeException()));
        });
  }

  private static TokenResponse response(IssuedTokens tokens) {
    return TokenResponse.newBuilder().setToken(AuthMessages.token(tokens)).build();
  }
}
