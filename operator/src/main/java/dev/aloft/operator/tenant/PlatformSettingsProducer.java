package dev.aloft.operator.tenant;

import dev.aloft.tenant.PlatformSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The platform the operator serves, from {@code aloft.platform.*} configuration. */
@ApplicationScoped
public class PlatformSettingsProducer {

  @ConfigProperty(name = "aloft.platform.namespace", defaultValue = "aloft-system")
  String namespace;

  @ConfigProperty(name = "aloft.platform.login-redirect-uris")
  Optional<List<String>> loginRedirectUris;

  @Produces
  @jakarta.inject.Singleton
  PlatformSettings platformSettings() {
    return PlatformSettings.of(namespace, loginRedirectUris.orElse(List.of()));
  }
}
