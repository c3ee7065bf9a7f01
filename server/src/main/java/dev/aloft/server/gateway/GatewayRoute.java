package dev.aloft.server.gateway;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.aloft.server.auth.Resource;
import dev.aloft.server.calls.NonBlocking;
import dev.aloft.server.proxy.NodeChannels;
import dev.aloft.server.proxy.ServiceNode;
import dev.aloft.server.proxy.ServiceNodes;
import dev.aloft.server.proxy.ServiceProxy;
import dev.aloft.server.registry.InvalidRegistrationException;
import dev.aloft.server.registry.ServiceNotFoundException;
import dev.aloft.server.tenancy.CallAuthorizer;
import dev.aloft.server.tenancy.CallRejection;
import dev.aloft.server.tenancy.Caller;
import dev.aloft.server.tenancy.Identity;
import dev.aloft.server.tenancy.TenancyInterceptor;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The API gateway on the HTTP port: {@code POST /<service>/<endpoint>} with a JSON body calls the
 * registered service's gRPC method (see {@link EndpointPath}) and answers its JSON response; server
 * streaming methods answer Server-Sent Events ({@code Accept: text/event-stream}) or one JSON
 * object per line. Authorized by the same {@link CallAuthorizer} as gRPC calls, with the token from
 * {@code Authorization: Bearer} or the {@code aloft-token} cookie and the namespace from the token
 * or {@code Aloft-Namespace}. Messages are transcoded with the service's own descriptors, fetched
 * by server reflection ({@link ServiceSchemas}). See docs/gateway.md.
 */
@ApplicationScoped
public class GatewayRoute {

  static final String NAMESPACE_HEADER = "Aloft-Namespace";
  static final String TOKEN_COOKIE = "aloft-token";
  static final String SSE = "text/event-stream";
  static final String NDJSON = "application/x-ndjson";

  /** Every POST whose path has at least two segments, except Quarkus' own {@code /q/...}. */
  static final String ROUTE = "/(?!q/)[^/]+/.+";

  private static final Logger LOG = Logger.getLogger(GatewayRoute.class);
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

  private final CallAuthorizer authorizer;
  private final ServiceNodes serviceNodes;
  private final ServiceSchemas schemas;
  private final NodeChannels channels;
  private final long maxBodyBytes;
  private final Duration timeout;

  @Inject
  public GatewayRoute(
      CallAuthorizer authorizer,
      ServiceNodes serviceNodes,
      ServiceSchemas schemas,
      NodeChannels channels,
      @ConfigProperty(name = "aloft.gateway.max-body-size", defaultValue = "1M")
          MemorySize maxBodySize,
      @ConfigProperty(name = "aloft.gateway.timeout", defaultValue = "30S") Duration timeout) {
    this.authorizer = authorizer;
    this.serviceNodes = serviceNodes;
    this.schemas = schemas;
    this.channels = channels;
    this.maxBodyBytes = maxBodySize.asLongValue();
    this.timeout = timeout;
  }

  void install(@Observes Router router) {
    router.routeWithRegex(HttpMethod.POST, ROUTE).handler(this::handle);
  }

  /** A failure to answer with an error body. */
  private static final class Rejected extends Exception {
    final GatewayError error;

    Rejected(GatewayError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  /** A call ready to go: the method, the request, where to send it and with which headers. */
  private record Prepared(
      Descriptors.MethodDescriptor method,
      MethodDescriptor<DynamicMessage, DynamicMessage> call,
      DynamicMessage request,
      List<ServiceNode> nodes,
      Metadata headers) {}

  void handle(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    HttpServerResponse response = routing.response();
    EndpointPath path = EndpointPath.parse(request.path()).orElse(null);
    if (path == null) {
      routing.next();
      return;
    }
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && tooLarge(declared)) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
      fail(response, bodyTooLarge());
      return;
    }
    Context context = Vertx.currentContext();
    Buffer body = Buffer.buffer();
    boolean[] rejected = {false};
    request.handler(
        chunk -> {
          if (rejected[0]) {
            return;
          }
          if (body.length() + (long) chunk.length() > maxBodyBytes) {
            rejected[0] = true;
            response.putHeader(HttpHeaders.CONNECTION, "close");
            fail(response, bodyTooLarge());
            return;
          }
          body.appendBuffer(chunk);
        });
    request.exceptionHandler(e -> rejected[0] = true);
    request.endHandler(
        end -> {
          if (rejected[0]) {
            return;
          }
          String authorization = authorization(request);
          String namespace = request.getHeader(NAMESPACE_HEADER);
          String accept = request.getHeader(HttpHeaders.ACCEPT);
          String json = body.toString(StandardCharsets.UTF_8);
          // Token, rules, nodes and descriptors known: prepared right here, on the event loop.
          // Anything to fetch first: on a worker, since that may block.
          Prepared prepared;
          try {
            prepared = NonBlocking.attempt(() -> prepare(path, json, authorization, namespace));
          } catch (Rejected | RuntimeException failure) {
            answerPrepared(Future.failedFuture(failure), accept, response, context, request.path());
            return;
          }
          if (prepared != null) {
            invoke(prepared, accept, response, context);
            return;
          }
          routing
              .vertx()
              .<Prepared>executeBlocking(() -> prepare(path, json, authorization, namespace), false)
              .onComplete(
                  outcome -> answerPrepared(outcome, accept, response, context, request.path()));
        });
  }

  /** Invokes a prepared call, or answers why it could not be prepared. */
  private void answerPrepared(
      AsyncResult<Prepared> prepared,
      String accept,
      HttpServerResponse response,
      Context context,
      String requestPath) {
    if (prepared.succeeded()) {
      invoke(prepared.result(), accept, response, context);
    } else if (prepared.cause() instanceof Rejected rejection) {
      fail(response, rejection.error);
    } else {
      LOG.errorf(prepared.cause(), "gateway call to %s failed", requestPath);
      fail(
          response,
          GatewayError.of(Status.Code.INTERNAL, "the gateway failed; see the server log"));
    }
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private GatewayError bodyTooLarge() {
    return new GatewayError(
        413,
        Status.Code.RESOURCE_EXHAUSTED.name(),
        "request body is larger than "
            + maxBodyBytes
            + " bytes, the gateway's limit (aloft.gateway.max-body-size)");
  }

  private static String authorization(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      return header;
    }
    Cookie cookie = request.getCookie(TOKEN_COOKIE);
    return cookie == null ? null : "Bearer " + cookie.getValue();
  }

  /** Everything that may block: token, registry, descriptors, rules, request parsing. */
  private Prepared prepare(EndpointPath path, String body, String authorization, String namespace)
      throws Rejected {
    try {
      Identity identity = authorizer.identify(authorization, namespace);
      if (!identity.caller().authenticated()) {
        // Checked before anything is looked up, so callers without a valid token learn nothing
        // about which services exist; the resolved endpoint is checked again below.
        authorizer.authorize(
            identity, ServiceProxy.resource(path.service(), path.microStyleMethodName()));
      }
      String callNamespace = identity.caller().namespace();
      List<ServiceNode> nodes = serviceNodes.inCallOrder(callNamespace, path.service());
      if (nodes.isEmpty()) {
        throw new ServiceNotFoundException(path.service());
      }
      ServiceSchemas.Schema schema = schemas.services(callNamespace, nodes);
      Map<String, Descriptors.ServiceDescriptor> services = schema.services();
      Descriptors.MethodDescriptor method =
          path.resolve(services)
              .orElseThrow(
                  () ->
                      new Rejected(
                          GatewayError.of(
                              Status.Code.NOT_FOUND,
                              "service '"
                                  + path.service()
                                  + "' has no endpoint '"
                                  + path.written()
                                  + "' (endpoints: "
                                  + String.join(", ", EndpointPath.endpoints(services))
                                  + ")")));
      Resource resource =
          ServiceProxy.resource(
              path.service(), method.getService().getFullName() + "/" + method.getName());
      Caller caller = authorizer.authorize(identity, resource);
      if (method.isClientStreaming()) {
        throw new Rejected(
            GatewayError.of(
                Status.Code.UNIMPLEMENTED,
                "endpoint "
                    + method.getService().getName()
                    + "."
                    + method.getName()
                    + " takes a stream of requests; the gateway calls unary and server streaming"
                    + " endpoints (use gRPC through the proxy)"));
      }
      DynamicMessage request = JsonRequests.parse(body, method.getInputType());
      Metadata headers = new Metadata();
      if (authorization != null) {
        headers.put(TenancyInterceptor.AUTHORIZATION, authorization);
      }
      headers.put(TenancyInterceptor.NAMESPACE, caller.namespace());
      return new Prepared(method, schema.call(method), request, nodes, headers);
    } catch (CallRejection rejection) {
      throw new Rejected(GatewayError.of(rejection.status()));
    } catch (ServiceNotFoundException e) {
      throw new Rejected(
          GatewayError.of(
              Status.Code.NOT_FOUND,
              "no service '" + path.service() + "' is registered in this namespace"));
    } catch (InvalidRegistrationException e) {
      throw new Rejected(
          GatewayError.of(
              Status.Code.NOT_FOUND,
              "'" + path.service() + "' is not a service name: " + e.getMessage()));
    } catch (JsonRequests.InvalidRequestException e) {
      throw new Rejected(GatewayError.of(Status.Code.INVALID_ARGUMENT, e.getMessage()));
    } catch (StatusRuntimeException e) {
      throw new Rejected(GatewayError.of(e.getStatus()));
    }
  }

  private void invoke(
      Prepared prepared, String accept, HttpServerResponse response, Context context) {
    boolean streaming = prepared.method().isServerStreaming();
    CallOptions options = CallOptions.DEFAULT;
    if (!streaming) {
      options = options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    ResponseWriter writer =
        new ResponseWriter(response, context, streaming, accept != null && accept.contains(SSE));
    NodeCall call =
        new NodeCall(
            channels,
            serviceNodes,
            prepared.nodes(),
            prepared.call(),
            options,
            prepared.headers(),
            prepared.request(),
            writer);
    writer.call = call;
    response.closeHandler(closed -> call.cancel());
    call.start();
  }

  private static void fail(HttpServerResponse response, GatewayError error) {
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(error.httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(error.json());
  }

  /** Writes a call's responses to the HTTP response, on the request's Vert.x context. */
  private static final class ResponseWriter implements NodeCall.Sink {
    private final HttpServerResponse response;
    private final Context context;
    private final boolean streaming;
    private final boolean sse;
    private NodeCall call;
    private DynamicMessage single;
    private boolean extra;
    private boolean started;

    ResponseWriter(HttpServerResponse response, Context context, boolean streaming, boolean sse) {
      this.response = response;
      this.context = context;
      this.streaming = streaming;
      this.sse = sse;
    }

    @Override
    public void onMessage(DynamicMessage message) {
      if (!streaming) {
        // printed once the call closes OK; the call asked for its one answer at the start
        if (single != null) {
          extra = true;
          call.cancel();
        }
        single = message;
        return;
      }
      String json;
      try {
        json = PRINTER.print(message);
      } catch (InvalidProtocolBufferException e) {
        call.cancel();
        return;
      }
      context.runOnContext(
          v -> {
            if (response.ended() || response.closed()) {
              return;
            }
            if (!started) {
              started = true;
              response
                  .setStatusCode(200)
                  .setChunked(true)
                  .putHeader(HttpHeaders.CONTENT_TYPE, sse ? SSE : NDJSON)
                  .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
            response.write(sse ? "data: " + json + "\n\n" : json + "\n");
            if (response.writeQueueFull()) {
              response.drainHandler(drained -> call.requestNext());
            } else {
              call.requestNext();
            }
          });
    }

    @Override
    public void onClose(Status status) {
      context.runOnContext(
          v -> {
            if (response.ended() || response.closed()) {
              return;
            }
            if (extra) {
              fail(
                  response,
                  GatewayError.of(
                      Status.Code.INTERNAL,
                      "the service answered more than one message to a unary call"));
              return;
            }
            if (status.isOk() && !streaming) {
              if (single == null) {
                fail(
                    response,
                    GatewayError.of(Status.Code.INTERNAL, "the service answered no message"));
                return;
              }
              try {
                response
                    .setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(PRINTER.print(single));
              } catch (InvalidProtocolBufferException e) {
                fail(response, GatewayError.of(Status.Code.INTERNAL, e.getMessage()));
              }
              return;
            }
            if (!started) {
              if (status.isOk()) {
                response
                    .setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, sse ? SSE : NDJSON)
                    .end();
              } else {
                fail(response, GatewayError.of(status));
              }
              return;
            }
            if (!status.isOk()) {
              String error = GatewayError.of(status).json();
              response.write(
                  sse ? "event: error\ndata: " + error + "\n\n" : "{\"error\":" + error + "}\n");
            }
            response.end();
          });
    }
  }
}
