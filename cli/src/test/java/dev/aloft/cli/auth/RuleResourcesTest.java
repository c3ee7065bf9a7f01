package dev.aloft.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.api.auth.v1.Resource;
import org.junit.jupiter.api.Test;

class RuleResourcesTest {

  @Test
  void parsesTypeNameEndpoint() {
    Resource resource = RuleResources.parse("service:store:Store.*");

    assertThat(resource.getType()).isEqualTo("service");
    assertThat(resource.getName()).isEqualTo("store");
    assertThat(resource.getEndpoint()).isEqualTo("Store.*");
    assertThat(RuleResources.format(resource)).isEqualTo("service:store:Store.*");
  }

  @Test
  void anythingElseIsNamedAsTheResourceOption() {
    for (String bad : new String[] {"service:store", "a:b:c:d", "::", "service::x", "*"}) {
      assertThatThrownBy(() -> RuleResources.parse(bad))
          .as(bad)
          .hasMessageStartingWith("--resource: '" + bad + "' is not type:name:endpoint");
    }
  }
}
