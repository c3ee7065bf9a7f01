package dev.aloft.server.tenancy;

import dev.aloft.server.auth.AccountType;
import dev.aloft.server.auth.InvalidTokenException;
import dev.aloft.server.auth.NamespaceRules;
import dev.aloft.server.auth.PlatformAdmin;
import dev.aloft.server.auth.Resource;
import dev.aloft.server.auth.Rule;
import dev.aloft.server.auth.RuleEvaluator;
import dev.aloft.server.auth.TokenVerifier;
import dev.aloft.server.auth.VerifiedToken;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;

/**
 * The one decision of who may make a call, shared by every edge of the server (the gRPC {@link
 * TenancyInterceptor}, the identity proxy, the HTTP gateway): verifies the bearer token, resolves
 * the namespace the call acts in (the token's issuer; platform admins may name another; anonymous
 * callers act in the one they name or in {@code default}) and evaluates that namespace's rules for
 * the call's resource. See docs/auth.md.
 */
@ApplicationScoped
public class CallAuthorizer {

  private static final String BEARER = "Bearer ";

  private final TokenVerifier tokens;
  private final NamespaceRules rules;

  @Inject
  public CallAuthorizer(TokenVerifier tokens, NamespaceRules rules) {
    this.tokens = tokens;
    this.rules = rules;
  }

  /**
   * Identifies and authorizes in one step.
   *
   * @param authorization the {@code authorization} header ({@code Bearer <token>}), null if absent
   * @param requestedNamespace the {@code aloft-namespace} header, null if absent
   */
  public Caller authorize(String authorization, String requestedNamespace, Resource resource)
      throws CallRejection {
    return authorize(identify(authorization, requestedNamespace), resource);
  }

  /**
   * Who makes the call and in which namespace, without asking the rules yet: INVALID_ARGUMENT for a
   * malformed namespace, PERMISSION_DENIED for an account naming a namespace it may not act in. A
   * missing or unusable token makes an anonymous caller (rules decide whether that is enough).
   */
  public Identity identify(String authorization, String requestedNamespace) throws CallRejection {
    if (requestedNamespace != null && !NamespaceName.isValid(requestedNamespace)) {
      throw new CallRejection(
          Status.INVALID_ARGUMENT.withDescription(
              "aloft-namespace: '" + requestedNamespace + "' is not valid; " + NamespaceName.RULE));
    }
    VerifiedToken token = null;
    String tokenProblem = null;
    if (authorization == null) {
      tokenProblem = "no token: send 'authorization: Bearer <access token>' (see Auth.Token)";
    } else if (!authorization.startsWith(BEARER)) {
      tokenProblem = "the authorization header must be 'Bearer <access token>'";
    } else {
      try {
        token = tokens.verify(authorization.substring(BEARER.length()).trim());
        if (!NamespaceName.isValid(token.namespace())) {
          token = null;
          tokenProblem = "token issuer is not a namespace";
        }
      } catch (InvalidTokenException e) {
        tokenProblem = "invalid token: " + e.getMessage();
      }
    }
    if (token == null) {
      String namespace =
          requestedNamespace != null ? requestedNamespace : PlatformAdmin.DEFAULT_NAMESPACE;
      return new Identity(Caller.anonymous(namespace), tokenProblem);
    }
    boolean platformAdmin = PlatformAdmin.isPlatformAdmin(token.namespace(), token.scopes());
    String namespace = token.namespace();
    if (requestedNamespace != null && !requestedNamespace.equals(namespace)) {
      if (!platformAdmin) {
        throw new CallRejection(
            Status.PERMISSION_DENIED.withDescription(
                "account '"
                    + token.accountId()
                    + "' of namespace '"
                    + token.namespace()
                    + "' may not act in namespace '"
                    + requestedNamespace
                    + "': only platform admins may choose the namespace with aloft-namespace"));
      }
      namespace = requestedNamespace;
      rules.provision(namespace);
    }
    Caller caller =
        new Caller(
            token.accountId(),
            token.namespace(),
            namespace,
            new HashSet<>(token.scopes()),
            platformAdmin,
            token.type() == AccountType.SERVICE);
    return new Identity(caller, "");
  }

  /**
   * Evaluates the rules of the identity's namespace for the resource: the caller when granted;
   * otherwise UNAUTHENTICATED (no usable token, the message says what was wrong with it) or
   * PERMISSION_DENIED (naming the account, the resource, the namespace and the deciding rule).
   */
  public Caller authorize(Identity identity, Resource resource) throws CallRejection {
    Caller caller = identity.caller();
    List<Rule> namespaceRules = rules.rules(caller.namespace());
    RuleEvaluator.Decision decision =
        RuleEvaluator.evaluateInOrder(
            namespaceRules, caller.namespace(), identity.subject(), resource);
    if (decision.granted()) {
      return caller;
    }
    String noRules =
        namespaceRules.isEmpty()
            ? " (namespace '" + caller.namespace() + "' has no rules: is the name right?)"
            : "";
    if (!caller.authenticated()) {
      throw new CallRejection(
          Status.UNAUTHENTICATED.withDescription(
              resource
                  + " in namespace '"
                  + caller.namespace()
                  + "' is not public; "
                  + identity.tokenProblem()
                  + noRules));
    }
    String because =
        decision
            .rule()
            .map(rule -> "rule '" + rule.id() + "' denies it")
            .orElse("no rule grants it" + noRules);
    throw new CallRejection(
        Status.PERMISSION_DENIED.withDescription(
            "account '"
                + caller.accountId()
                + "' of namespace '"
                + caller.accountNamespace()
                + "' may not call "
                + resource
                + " in namespace '"
                + caller.namespace()
                + "': "
                + because));
  }
}
