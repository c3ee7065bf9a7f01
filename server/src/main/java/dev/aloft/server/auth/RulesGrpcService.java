package dev.aloft.server.auth;

import dev.aloft.api.auth.v1.CreateRuleRequest;
import dev.aloft.api.auth.v1.CreateRuleResponse;
import dev.aloft.api.auth.v1.DeleteRuleRequest;
import dev.aloft.api.auth.v1.DeleteRuleResponse;
import dev.aloft.api.auth.v1.ListRulesRequest;
import dev.aloft.api.auth.v1.ListRulesResponse;
import dev.aloft.api.auth.v1.RulesGrpc;
import dev.aloft.server.tenancy.Caller;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;

/** {@code aloft.auth.v1.Rules}: the access rules of the caller's namespace. */
@GrpcService
public class RulesGrpcService extends RulesGrpc.RulesImplBase {

  private final RuleStore rules;
  private final NamespaceRules namespaceRules;

  @Inject
  public RulesGrpcService(RuleStore rules, NamespaceRules namespaceRules) {
    this.rules = rules;
    this.namespaceRules = namespaceRules;
  }

  @Override
  public void create(CreateRuleRequest request, StreamObserver<CreateRuleResponse> observer) {
    UnaryCalls.respond(
        observer,
        () -> {
          String namespace = Caller.current().namespace();
          if (!request.hasRule()) {
            throw AuthInput.invalid("rule", "required");
          }
          Rule rule = AuthMessages.rule(request.getRule());
          try {
            rules.create(namespace, rule);
          } catch (RuleExistsException e) {
            throw Status.ALREADY_EXISTS
                .withDescription("rule.id: " + e.getMessage())
                .asRuntimeException();
          } finally {
            namespaceRules.invalidate(namespace);
          }
          return CreateRuleResponse.getDefaultInstance();
        });
  }

  @Override
  public void delete(DeleteRuleRequest request, StreamObserver<DeleteRuleResponse> observer) {
    UnaryCalls.respond(
        observer,
        () -> {
          String namespace = Caller.current().namespace();
          String id = AuthInput.ruleId(request.getId(), "id");
          boolean deleted = rules.delete(namespace, id);
          namespaceRules.invalidate(namespace);
          if (!deleted) {
            throw Status.NOT_FOUND
                .withDescription("id: no rule '" + id + "' in namespace '" + namespace + "'")
                .asRuntimeException();
          }
          return DeleteRuleResponse.getDefaultInstance();
        });
  }

  @Override
  public void list(ListRulesRequest request, StreamObserver<ListRulesResponse> observer) {
    UnaryCalls.respond(
        observer,
        () -> {
          ListRulesResponse.Builder response = ListRulesResponse.newBuilder();
          rules
              .list(Caller.current().namespace())
              .forEach(rule -> response.addRules(AuthMessages.rule(rule)));
          return response.build();
        });
  }
}
