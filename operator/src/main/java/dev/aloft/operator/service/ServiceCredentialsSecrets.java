package dev.aloft.operator.service;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Secret {@code <service>-aloft-credentials} with the service's account: its id (the service's
 * name) and secret, which the service presents to the platform server's Auth service for tokens.
 */
public final class ServiceCredentialsSecrets {

  /** Key of the account id. */
  public static final String ACCOUNT_ID = "accountId";

  /** Key of the account secret. */
  public static final String ACCOUNT_SECRET = "accountSecret";

  private ServiceCredentialsSecrets() {}

  /** The Secret's name for a service. */
  public static String name(String service) {
    return service + "-aloft-credentials";
  }

  /** The Secret holding {@code credentials}. */
  public static Secret desired(ServicePlan plan, ServiceCredentials credentials) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(ACCOUNT_ID, base64(credentials.accountId()));
    data.put(ACCOUNT_SECRET, base64(credentials.accountSecret()));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name(plan.name()))
        .withNamespace(plan.namespace())
        .withLabels(ServiceLabels.of(plan))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
