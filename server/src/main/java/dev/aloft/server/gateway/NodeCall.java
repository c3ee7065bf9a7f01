package dev.aloft.server.gateway;

import com.google.protobuf.DynamicMessage;
import dev.aloft.server.proxy.NodeChannels;
import dev.aloft.server.proxy.ServiceNode;
import dev.aloft.server.proxy.ServiceNodes;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * One gateway call to a node of a service: the single request goes to the first node in the given
 * order that can be reached (a node whose attempt ends UNAVAILABLE before it answered is marked
 * failed and the next one is tried). A server stream's responses are asked for one at a time, as
 * the sink takes them; a unary call's answer is asked for at the start, with one more, so that a
 * service answering more than once is noticed (the sink is told so) rather than left hanging.
 */
final class NodeCall {

  /** Where the call's outcome goes; called in order, never concurrently. */
  interface Sink {
    void onMessage(DynamicMessage message);

    void onClose(Status status);
  }

  private final NodeChannels channels;
  private final ServiceNodes serviceNodes;
  private final List<ServiceNode> nodes;
  private final MethodDescriptor<DynamicMessage, DynamicMessage> method;
  private final CallOptions options;
  private final Metadata headers;
  private final DynamicMessage request;
  private final Sink sink;
  private final List<String> failures = new ArrayList<>();
  private int nextNode;
  private ClientCall<DynamicMessage, DynamicMessage> attempt;
  private boolean answered;
  private boolean cancelled;

  NodeCall(
      NodeChannels channels,
      ServiceNodes serviceNodes,
      List<ServiceNode> nodes,
      MethodDescriptor<DynamicMessage, DynamicMessage> method,
      CallOptions options,
      Metadata headers,
      DynamicMessage request,
      Sink sink) {
    this.channels = channels;
    this.serviceNodes = serviceNodes;
    this.nodes = List.copyOf(nodes);
    this.method = method;
    this.options = options;
    this.headers = headers;
    this.request = request;
    this.sink = sink;
  }

  synchronized void start() {
    ServiceNode node = nodes.get(nextNode++);
    Metadata attemptHeaders = new Metadata();
    attemptHeaders.merge(headers);
    ClientCall<DynamicMessage, DynamicMessage> call =
        channels.channel(node.address()).newCall(method, options);
    attempt = call;
    call.start(new Listener(call, node), attemptHeaders);
    call.sendMessage(request);
    call.halfClose();
    call.request(method.getType().serverSendsOneMessage() ? 2 : 1);
  }

  /** Asks for the next message of a server stream. */
  synchronized void requestNext() {
    attempt.request(1);
  }

  /** The HTTP client went away. */
  synchronized void cancel() {
    cancelled = true;
    attempt.cancel("the HTTP client went away", null);
  }

  private final class Listener extends ClientCall.Listener<DynamicMessage> {
    private final ClientCall<DynamicMessage, DynamicMessage> call;
    private final ServiceNode node;

    Listener(ClientCall<DynamicMessage, DynamicMessage> call, ServiceNode node) {
      this.call = call;
      this.node = node;
    }

    @Override
    public void onHeaders(Metadata responseHeaders) {
      synchronized (NodeCall.this) {
        if (call == attempt) {
          answered = true;
          serviceNodes.answered(node);
        }
      }
    }

    @Override
    public void onMessage(DynamicMessage message) {
      synchronized (NodeCall.this) {
        if (call != attempt) {
          return;
        }
      }
      sink.onMessage(message);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      synchronized (NodeCall.this) {
        if (call != attempt) {
          return;
        }
        if (!answered && status.getCode() == Status.Code.UNAVAILABLE) {
          serviceNodes.failed(node);
          failures.add(node.address() + " (" + status.getDescription() + ")");
          if (!cancelled && nextNode < nodes.size()) {
            start();
            return;
          }
          status =
              Status.UNAVAILABLE.withDescription(
                  "no node of service '"
                      + node.service()
                      + "' could be reached: "
                      + String.join("; ", failures));
        }
      }
      sink.onClose(status);
    }
  }
}
