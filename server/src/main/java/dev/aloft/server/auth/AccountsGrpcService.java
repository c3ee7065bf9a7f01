package dev.aloft.server.auth;

import dev.aloft.api.auth.v1.AccountsGrpc;
import dev.aloft.api.auth.v1.ChangeSecretRequest;
import dev.aloft.api.auth.v1.ChangeSecretResponse;
import dev.aloft.api.auth.v1.DeleteAccountRequest;
import dev.aloft.api.auth.v1.DeleteAccountResponse;
import dev.aloft.api.auth.v1.ListAccountsRequest;
import dev.aloft.api.auth.v1.ListAccountsResponse;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;

/** {@code aloft.auth.v1.Accounts}: the accounts of the caller's namespace. */
@GrpcService
public class AccountsGrpcService extends AccountsGrpc.AccountsImplBase {

  private final AccountStore accounts;

  @Inject
  public AccountsGrpcService(AccountStore accounts) {
    this.accounts = accounts;
  }

  @Override
  public void list(ListAccountsRequest request, StreamObserver<ListAccountsResponse> observer) {
    UnaryCalls.respond(
        observer,
        () -> {
          ListAccountsResponse.Builder response = ListAccountsResponse.newBuilder();
          accounts
              .list(Caller.current().namespace())
              .forEach(account -> response.addAccounts(AuthMessages.account(account)));
          return response.build();
        });
  }

  @Override
  public void delete(DeleteAccountRequest request, StreamObserver<DeleteAccountResponse> observer) {
    UnaryCalls.respond(
        observer,
        () -> {
          String namespace = Caller.current().namespace();
          String id = AuthInput.accountId(request.getId(), "id");
          if (PlatformAdmin.DEFAULT_NAMESPACE.equals(namespace)
              && PlatformAdmin.ADMIN_ACCOUNT_ID.equals(id)) {
            throw Status.FAILED_PRECONDITION
                .withDescription(
                    "id: the platform admin account cannot be deleted; change its secret instead")
                .asRuntimeException();
          }
          if (!accounts.delete(namespace, id)) {
            throw notFound(namespace, id);
          }
          return DeleteAccountResponse.getDefaultInstance();
        });
  }

  @Override
  public void changeSecret(
      ChangeSecretRequest request, StreamObserver<ChangeSecretResponse> observer) {
    UnaryCalls.respond(
        observer,
        () -> {
          Caller caller = Caller.current();
          String namespace = caller.namespace();
          String id = AuthInput.accountId(request.getId(), "id");
          String newSecret = AuthInput.secretOrGenerated(request.getNewSecret(), "new_secret");
          Account account = accounts.find(namespace, id).orElseThrow(() -> notFound(namespace, id));
          if (!caller.scopes().contains(PlatformAdmin.ADMIN_SCOPE)) {
            if (request.getOldSecret().isEmpty()) {
              throw AuthInput.invalid(
                  "old_secret", "required unless the caller holds the 'admin' scope");
            }
            if (accounts.authenticate(namespace, id, request.getOldSecret()).isEmpty()) {
              throw Status.PERMISSION_DENIED
                  .withDescription("old_secret: not the current secret of account '" + id + "'")
                  .asRuntimeException();
            }
          }
          if (!accounts.changeSecret(namespace, id, newSecret)) {
            throw notFound(namespace, id);
          }
          return ChangeSecretResponse.newBuilder()
              .setAccount(AuthMessages.account(account).toBuilder().setSecret(newSecret))
              .build();
        });
  }

  private static RuntimeException notFound(String namespace, String id) {
    return Status.NOT_FOUND
        .withDescription("id: no account '" + id + "' in namespace '" + namespace + "'")
        .asRuntimeException();
  }
}
