package dev.aloft.server.tenancy;

import io.grpc.Context;
import io.grpc.Status;
import java.util.Set;

/**
 * Who is calling and in which namespace the call acts. Established once per call by the {@link
 * TenancyInterceptor} from the verified token (and, for platform admins only, the {@code
 * aloft-namespace} metadata entry); handlers and backends read it, never the raw metadata.
 *
 * @param accountId the verified account id, empty for an anonymous (public) caller
 * @param accountNamespace the namespace the account belongs to (the token's issuer), empty for an
 *     anonymous caller
 * @param namespace the namespace this call acts in; every backend partitions by it
 * @param scopes the account's scopes
 * @param platformAdmin whether the account may act in any namespace
 * @param serviceAccount whether the account is of type {@code service} (a program, whose account id
 *     is its service name) rather than {@code user}
 */
public record Caller(
    String accountId,
    String accountNamespace,
    String namespace,
    Set<String> scopes,
    boolean platformAdmin,
    boolean serviceAccount) {

  public static final Context.Key<Caller> CONTEXT_KEY = Context.key("aloft.caller");

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  /** A caller that is not a service account (a user, or anonymous). */
  public Caller(
      String accountId,
      String accountNamespace,
      String namespace,
      Set<String> scopes,
      boolean platformAdmin) {
    this(accountId, accountNamespace, namespace, scopes, platformAdmin, false);
  }

  /** A caller without a token, let through by a public rule, acting in this namespace. */
  public static Caller anonymous(String namespace) {
    return new Caller("", "", namespace, Set.of(), false, false);
  }

  /** Whether the caller presented a valid token. */
  public boolean authenticated() {
    return !accountId.isEmpty();
  }

  /** The caller of the current gRPC call; UNAUTHENTICATED when the interceptor set none. */
  public static Caller current() {
    Caller caller = CONTEXT_KEY.get();
    if (caller == null) {
      throw Status.UNAUTHENTICATED
          .withDescription("no verified caller for this call")
          .asRuntimeException();
    }
    return caller;
  }
}
