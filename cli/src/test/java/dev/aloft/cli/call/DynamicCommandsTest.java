package dev.aloft.cli.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.api.registry.v1.Value;
import org.junit.jupiter.api.Test;

/** How registered endpoints become command names and flags. */
class DynamicCommandsTest {

  @Test
  void endpointsOfTheServicesOwnHandlerAreNamedByMethod() {
    assertThat(DynamicCommands.commandName("helloworld", "Helloworld.Call")).isEqualTo("call");
    assertThat(DynamicCommands.commandName("shop-orders", "ShopOrders.SayHello"))
        .isEqualTo("say-hello");
    assertThat(DynamicCommands.commandName("helloworld", "Admin.ResetCounters"))
        .isEqualTo("admin.reset-counters");
  }

  @Test
  void nestedFieldsBecomeDottedFlagsWithTheirTypes() {
    Value request =
        Value.newBuilder()
            .setName("CallRequest")
            .setType("CallRequest")
            .addValues(Value.newBuilder().setName("name").setType("string"))
            .addValues(
                Value.newBuilder()
                    .setName("greeting")
                    .setType("Greeting")
                    .addValues(Value.newBuilder().setName("times").setType("int32"))
                    .addValues(Value.newBuilder().setName("loud").setType("bool")))
            .addValues(Value.newBuilder().setName("tags").setType("string").setRepeated(true))
            .addValues(
                Value.newBuilder()
                    .setName("items")
                    .setType("Item")
                    .setRepeated(true)
                    .addValues(Value.newBuilder().setName("id").setType("string")))
            .build();
    assertThat(EndpointFlag.of(request))
        .containsExactly(
            new EndpointFlag("name", "string", false),
            new EndpointFlag("greeting.times", "int32", false),
            new EndpointFlag("greeting.loud", "bool", false),
            new EndpointFlag("tags", "string", true),
            new EndpointFlag("items", "json", true));
    assertThat(new EndpointFlag("greeting.times", "int32", false).javaType()).isEqualTo(Long.class);
    assertThat(new EndpointFlag("greeting.loud", "bool", false).javaType())
        .isEqualTo(Boolean.class);
  }
}
