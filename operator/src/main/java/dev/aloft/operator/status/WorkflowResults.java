package dev.aloft.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowCleanupResult;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;

/**
 * Runs a reconciler's workflow and always returns its result, failed dependents included, so the
 * reconciler reports them in a condition (see {@link ApplyFailures}) instead of the exception
 * leaving the reconcile: the operator extension builds workflows that throw an aggregate of the
 * failures even with {@code handleExceptionsInReconciler}; the result is in the context then.
 */
public final class WorkflowResults {

  private WorkflowResults() {}

  /** Reconciles the workflow's dependents. */
  public static <P extends HasMetadata> WorkflowReconcileResult reconcile(Context<P> context) {
    var workflow = context.managedWorkflowAndDependentResourceContext();
    try {
      return workflow.reconcileManagedWorkflow();
    } catch (AggregatedOperatorException e) {
      return workflow.getWorkflowReconcileResult().orElseThrow(() -> e);
    }
  }

  /** Deletes the workflow's deletable dependents (those outside Kubernetes). */
  public static <P extends HasMetadata> WorkflowCleanupResult cleanup(Context<P> context) {
    var workflow = context.managedWorkflowAndDependentResourceContext();
    try {
      return workflow.cleanupManageWorkflow();
    } catch (AggregatedOperatorException e) {
      return workflow.getWorkflowCleanupResult().orElseThrow(() -> e);
    }
  }
}
