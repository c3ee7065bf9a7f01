package dev.aloft.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors;
import dev.aloft.api.registry.v1.RegistryProto;
import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How gateway paths name gRPC methods, on the registry contract's real descriptors. */
class EndpointPathTest {

  private static final Descriptors.ServiceDescriptor REGISTRY =
      RegistryProto.getDescriptor().findServiceByName("Registry");
  private static final Map<String, Descriptors.ServiceDescriptor> SERVICES =
      Map.of(REGISTRY.getFullName(), REGISTRY);

  private static String resolve(String path) {
    return EndpointPath.parse(path)
        .flatMap(parsed -> parsed.resolve(SERVICES))
        .map(method -> method.getService().getName() + "." + method.getName())
        .orElse("none");
  }

  @Test
  void microStylePathsNameMethodsIgnoringCaseAndDashes() {
    assertThat(resolve("/registry/getservice")).isEqualTo("Registry.GetService");
    assertThat(resolve("/registry/get-service")).isEqualTo("Registry.GetService");
    assertThat(resolve("/registry/Registry/ListServices")).isEqualTo("Registry.ListServices");
    // the only gRPC service of a registered service answers whatever it is called
    assertThat(resolve("/reg/watch")).isEqualTo("Registry.Watch");
  }

  @Test
  void pathsThatNameNothingResolveToNothing() {
    assertThat(resolve("/registry/nosuch")).isEqualTo("none");
    assertThat(resolve("/registry/Other/GetService")).isEqualTo("none");
    assertThat(resolve("/registry/a/b/c")).isEqualTo("none");
    assertThat(EndpointPath.parse("/registry")).isEmpty();
  }

  @Test
  void microStyleNameIsWhatRulesSeeBeforeTheServiceIsAsked() {
    assertThat(EndpointPath.parse("/helloworld/call").orElseThrow().microStyleMethodName())
        .isEqualTo("Helloworld/Call");
    assertThat(EndpointPath.parse("/helloworld/greeter/hello").orElseThrow().microStyleMethodName())
        .isEqualTo("Greeter/Hello");
  }

  @Test
  void grpcStatusesMapToTheUsualHttpStatuses() {
    assertThat(HttpStatuses.of(Status.Code.NOT_FOUND)).isEqualTo(404);
    assertThat(HttpStatuses.of(Status.Code.PERMISSION_DENIED)).isEqualTo(403);
    assertThat(HttpStatuses.of(Status.Code.UNAUTHENTICATED)).isEqualTo(401);
    assertThat(HttpStatuses.of(Status.Code.INVALID_ARGUMENT)).isEqualTo(400);
    assertThat(HttpStatuses.of(Status.Code.UNAVAILABLE)).isEqualTo(503);
    assertThat(HttpStatuses.of(Status.Code.DEADLINE_EXCEEDED)).isEqualTo(504);
    assertThat(GatewayError.of(Status.NOT_FOUND.withDescription("no service 'x'")).json())
        .isEqualTo("{\"code\":404,\"status\":\"NOT_FOUND\",\"message\":\"no service 'x'\"}");
  }
}
