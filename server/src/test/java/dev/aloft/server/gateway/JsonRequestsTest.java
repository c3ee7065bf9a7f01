package dev.aloft.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import dev.aloft.api.registry.v1.RegisterRequest;
import org.junit.jupiter.api.Test;

/** JSON request bodies as protobuf messages, and where a body that does not fit goes wrong. */
class JsonRequestsTest {

  private static final Descriptors.Descriptor REGISTER = RegisterRequest.getDescriptor();

  private static String problem(String json) {
    return catchThrowableOfType(
            JsonRequests.InvalidRequestException.class, () -> JsonRequests.parse(json, REGISTER))
        .getMessage();
  }

  @Test
  void bodiesThatFitBecomeTheMessageAndAnEmptyBodyIsTheEmptyMessage() throws Exception {
    DynamicMessage message =
        JsonRequests.parse(
            "{\"service\":{\"name\":\"helloworld\",\"nodes\":[{\"id\":\"a\"}]},"
                + "\"options\":{\"ttl\":\"30s\"}}",
            REGISTER);
    RegisterRequest request = RegisterRequest.parseFrom(message.toByteString());
    assertThat(request.getService().getName()).isEqualTo("helloworld");
    assertThat(request.getService().getNodes(0).getId()).isEqualTo("a");
    assertThat(request.getOptions().getTtl().getSeconds()).isEqualTo(30);
    assertThat(JsonRequests.parse("", REGISTER).getAllFields()).isEmpty();
  }

  @Test
  void problemsNameTheFieldByItsPath() {
    assertThat(problem("{\"servce\":{}}"))
        .startsWith("servce: no such field in aloft.registry.v1.RegisterRequest")
        .contains("service, options");
    assertThat(problem("{\"service\":{\"nmae\":\"x\"}}")).startsWith("service.nmae: no such field");
    assertThat(problem("{\"service\":{\"nodes\":\"x\"}}")).startsWith("service.nodes: ");
    assertThat(problem("{\"options\":{\"ttl\":\"soon\"}}")).startsWith("options.ttl: ");
    assertThat(problem("[1,2]")).startsWith("request body: not a JSON object");
    assertThat(problem("name=x")).startsWith("request body: not a JSON object");
  }

  @Test
  void bodiesProtobufsLenientParserWouldTakeAreStillRefusedAsBefore() {
    // protobuf's JSON parser reads leniently; the gateway answers only strict JSON objects
    for (String lenient :
        new String[] {
          "{\"service\":{\"name\":\"a\"}} trailing",
          "{\"service\":{\"name\":\"a\"}}{}",
          "{'service':{'name':'a'}}",
          "{service:{name:\"a\"}}",
          "{\"service\":{\"name\":\"a\"},}",
          "\"text\""
        }) {
      assertThat(problem(lenient)).as(lenient).startsWith("request body: not a JSON object");
    }
  }
}
