package dev.aloft.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.server.auth.Resource;
import org.junit.jupiter.api.Test;

class CallResourceTest {

  @Test
  void platformServicesAreNamedByTheirShortName() {
    assertThat(CallResource.of("aloft.store.v1.Store/Read"))
        .isEqualTo(new Resource("service", "store", "Store.Read"));
    assertThat(CallResource.of("aloft.auth.v1.Accounts/ChangeSecret"))
        .isEqualTo(new Resource("service", "auth", "Accounts.ChangeSecret"));
    assertThat(CallResource.of("aloft.events.v2beta1.Stream/Consume"))
        .isEqualTo(new Resource("service", "events", "Stream.Consume"));
  }

  @Test
  void otherServicesAreNamedByTheirFullName() {
    assertThat(CallResource.of("helloworld.Helloworld/Call"))
        .isEqualTo(new Resource("service", "helloworld.Helloworld", "Helloworld.Call"));
    assertThat(CallResource.of("Greeter/Hello"))
        .isEqualTo(new Resource("service", "Greeter", "Greeter.Hello"));
    assertThat(CallResource.of("aloftish.store.v1.Store/Read").name())
        .isEqualTo("aloftish.store.v1.Store");
  }
}
