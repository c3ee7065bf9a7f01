package dev.aloft.sdk.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.registry.v1.Endpoint;
import dev.aloft.api.registry.v1.RegistryGrpc;
import dev.aloft.api.registry.v1.Value;
import dev.aloft.api.store.v1.StoreGrpc;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schemas built from real generated services: the platform's own Store and Registry. */
class EndpointSchemasTest {

  private static final BindableService STORE = new StoreGrpc.StoreImplBase() {};
  private static final BindableService REGISTRY = new RegistryGrpc.RegistryImplBase() {};

  private static Endpoint endpoint(List<Endpoint> endpoints, String name) {
    return endpoints.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }

  private static Value field(Value message, String name) {
    return message.getValuesList().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + message));
  }

  @Test
  void oneEndpointPerMethodNamedServiceDotMethod() {
    List<Endpoint> endpoints = EndpointSchemas.of(List.of(STORE.bindService()));
    assertThat(endpoints)
        .extracting(Endpoint::getName)
        .containsExactly(
            "Store.Read",
            "Store.Write",
            "Store.Delete",
            "Store.List",
            "Store.Databases",
            "Store.Tables");
  }

  @Test
  void messagesBecomeValueTreesWithScalarMessageAndRepeatedFields() {
    Endpoint read = endpoint(EndpointSchemas.of(List.of(STORE.bindService())), "Store.Read");
    Value request = read.getRequest();
    assertThat(request.getName()).isEqualTo("ReadRequest");
    assertThat(request.getType()).isEqualTo("ReadRequest");
    assertThat(field(request, "key").getType()).isEqualTo("string");
    Value options = field(request, "options");
    assertThat(options.getType()).isEqualTo("ReadOptions");
    assertThat(field(options, "limit").getType()).isEqualTo("uint64");
    assertThat(field(options, "prefix").getType()).isEqualTo("bool");

    Value records = field(read.getResponse(), "records");
    assertThat(records.getRepeated()).isTrue();
    assertThat(records.getType()).isEqualTo("Record");
    assertThat(field(records, "value").getType()).isEqualTo("bytes");
    // a map is a repeated entry message of key and value
    Value metadata = field(records, "metadata");
    assertThat(metadata.getRepeated()).isTrue();
    assertThat(metadata.getType()).isEqualTo("Record.MetadataEntry");
    assertThat(field(metadata, "key").getType()).isEqualTo("string");
    assertThat(field(field(metadata, "value"), "type").getType()).isEqualTo("string");
  }

  @Test
  void streamingEndpointsSaySo() {
    List<Endpoint> endpoints = EndpointSchemas.of(List.of(STORE.bindService()));
    assertThat(endpoint(endpoints, "Store.List").getMetadataMap()).containsEntry("stream", "true");
    assertThat(endpoint(endpoints, "Store.Read").getMetadataMap()).isEmpty();
  }

  @Test
  void typesOfOtherPackagesKeepTheirFullNameAndRecursionStops() {
    Endpoint register =
        endpoint(EndpointSchemas.of(List.of(REGISTRY.bindService())), "Registry.Register");
    Value ttl = field(field(register.getRequest(), "options"), "ttl");
    assertThat(ttl.getType()).isEqualTo("google.protobuf.Duration");
    assertThat(field(ttl, "seconds").getType()).isEqualTo("int64");

    // Value contains Values: the nested one keeps its type and stops
    Value value = field(field(field(register.getRequest(), "service"), "endpoints"), "request");
    assertThat(value.getType()).isEqualTo("Value");
    Value nested = field(value, "values");
    assertThat(nested.getType()).isEqualTo("Value");
    assertThat(nested.getRepeated()).isTrue();
    assertThat(nested.getValuesList()).isEmpty();
  }

  @Test
  void servicesWithoutDescriptorsGetNamesOnly() {
    var get = StoreGrpc.getReadMethod().toBuilder().setFullMethodName("acme.Plain/Get").build();
    ServerServiceDefinition handBuilt =
        ServerServiceDefinition.builder(
                io.grpc.ServiceDescriptor.newBuilder("acme.Plain").addMethod(get).build())
            .addMethod(get, (call, headers) -> null)
            .build();
    assertThat(EndpointSchemas.of(List.of(handBuilt)))
        .containsExactly(Endpoint.newBuilder().setName("Plain.Get").build());
  }
}
