package dev.aloft.server.proxy;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * One incoming call passed on to a node of the target service, message for message, in both
 * directions, with flow control on both sides. Nodes are tried in the given order: when an attempt
 * ends UNAVAILABLE before the node answered anything (it could not be reached), the node is marked
 * failed and the call starts again on the next node, replaying what the caller sent so far (up to
 * {@value #MAX_REPLAYED_MESSAGES} messages; a longer client stream is not retried).
 */
final class ForwardedCall<Q, R> {

  static final int MAX_REPLAYED_MESSAGES = 64;

  private final ServerCall<Q, R> serverCall;
  private final MethodDescriptor<Q, R> method;
  private final Metadata headers;
  private final CallOptions options;
  private final List<ServiceNode> nodes;
  private final ServiceNodes serviceNodes;
  private final NodeChannels channels;

  private final List<Q> sentMessages = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private int nextNode;
  private ClientCall<Q, R> attempt;
  private boolean replayable = true;
  private boolean halfClosed;
  private boolean committed;
  private boolean cancelled;
  private boolean finished;
  private boolean callerWaitsForRequest;
  private boolean nodeWaitsForRequest;

  ForwardedCall(
      ServerCall<Q, R> serverCall,
      MethodDescriptor<Q, R> method,
      Metadata headers,
      CallOptions options,
      List<ServiceNode> nodes,
      ServiceNodes serviceNodes,
      NodeChannels channels) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no node to forward to");
    }
    this.serverCall = serverCall;
    this.method = method;
    this.headers = headers;
    this.options = options;
    this.nodes = List.copyOf(nodes);
    this.serviceNodes = serviceNodes;
    this.channels = channels;
  }

  /** Starts the first attempt and returns the listener for the incoming call. */
  ServerCall.Listener<Q> start() {
    synchronized (this) {
      startNextAttempt();
    }
    serverCall.request(1);
    return new CallerListener();
  }

  private void startNextAttempt() {
    ServiceNode node = nodes.get(nextNode++);
    Metadata attemptHeaders = new Metadata();
    attemptHeaders.merge(headers);
    ClientCall<Q, R> call = channels.channel(node.address()).newCall(method, options);
    attempt = call;
    call.start(new NodeListener(call, node), attemptHeaders);
    for (Q message : sentMessages) {
      call.sendMessage(message);
    }
    if (halfClosed) {
      call.halfClose();
    }
    call.request(1);
  }

  private void finish(Status status, Metadata trailers) {
    if (!finished) {
      finished = true;
      serverCall.close(status, trailers);
    }
  }

  /** What the caller does: passed on to the current attempt. */
  private final class CallerListener extends ServerCall.Listener<Q> {

    @Override
    public void onMessage(Q message) {
      synchronized (ForwardedCall.this) {
        if (replayable && !committed) {
          sentMessages.add(message);
          if (sentMessages.size() > MAX_REPLAYED_MESSAGES) {
            replayable = false;
            sentMessages.clear();
          }
        }
        attempt.sendMessage(message);
        if (attempt.isReady()) {
          serverCall.request(1);
        } else {
          callerWaitsForRequest = true;
        }
      }
    }

    @Override
    public void onHalfClose() {
      synchronized (ForwardedCall.this) {
        halfClosed = true;
        attempt.halfClose();
      }
    }

    @Override
    public void onCancel() {
      synchronized (ForwardedCall.this) {
        cancelled = true;
        finished = true;
        attempt.cancel("the caller cancelled the call", null);
      }
    }

    @Override
    public void onReady() {
      synchronized (ForwardedCall.this) {
        if (nodeWaitsForRequest) {
          nodeWaitsForRequest = false;
          attempt.request(1);
        }
      }
    }
  }

  /** What one attempt's node answers: passed on to the caller unless the attempt is stale. */
  private final class NodeListener extends ClientCall.Listener<R> {

    private final ClientCall<Q, R> call;
    private final ServiceNode node;

    NodeListener(ClientCall<Q, R> call, ServiceNode node) {
      this.call = call;
      this.node = node;
    }

    private boolean current() {
      return call == attempt && !finished;
    }

    @Override
    public void onHeaders(Metadata responseHeaders) {
      synchronized (ForwardedCall.this) {
        if (!current()) {
          return;
        }
        committed = true;
        sentMessages.clear();
        serviceNodes.answered(node);
        serverCall.sendHeaders(responseHeaders);
      }
    }

    @Override
    public void onMessage(R message) {
      synchronized (ForwardedCall.this) {
        if (!current()) {
          return;
        }
        serverCall.sendMessage(message);
        if (serverCall.isReady()) {
          call.request(1);
        } else {
          nodeWaitsForRequest = true;
        }
      }
    }

    @Override
    public void onReady() {
      synchronized (ForwardedCall.this) {
        if (current() && callerWaitsForRequest) {
          callerWaitsForRequest = false;
          serverCall.request(1);
        }
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      synchronized (ForwardedCall.this) {
        if (!current()) {
          return;
        }
        if (committed || status.getCode() != Status.Code.UNAVAILABLE) {
          if (status.isOk() || committed) {
            serviceNodes.answered(node);
          }
          finish(status, trailers);
          return;
        }
        serviceNodes.failed(node);
        failures.add(node.address() + " (" + status.getDescription() + ")");
        if (replayable && !cancelled && nextNode < nodes.size()) {
          startNextAttempt();
          return;
        }
        finish(
            Status.UNAVAILABLE.withDescription(
                "no node of service '"
                    + node.service()
                    + "' could be reached: "
                    + String.join("; ", failures)),
            new Metadata());
      }
    }
  }
}
