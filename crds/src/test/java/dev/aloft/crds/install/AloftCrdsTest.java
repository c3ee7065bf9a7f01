package dev.aloft.crds.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AloftCrds} against a small HTTP server that answers every request with one status, so that
 * each kind of refusal can be had on demand (an API server cannot be made to refuse a valid CRD);
 * the real applies run in the ITs of server and operator.
 */
class AloftCrdsTest {

  HttpServer server;
  final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void loadsTheThreeCheckedInCrdsTenantsFirst() {
    assertThat(AloftCrds.load())
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactly("tenants.aloft.dev", "environments.aloft.dev", "services.aloft.dev");
    assertThat(AloftCrds.load())
        .allSatisfy(crd -> assertThat(crd.getSpec().getGroup()).isEqualTo("aloft.dev"));
  }

  @Test
  void transientFailuresAreNoAnswerThrottlingAndServerErrors() {
    assertThat(AloftCrds.isTransient(new KubernetesClientException("no answer"))).isTrue();
    for (int code : new int[] {429, 500, 503, 504}) {
      assertThat(AloftCrds.isTransient(new KubernetesClientException("x", code, null)))
          .as("%d", code)
          .isTrue();
    }
    for (int code : new int[] {400, 401, 403, 404, 409, 422}) {
      assertThat(AloftCrds.isTransient(new KubernetesClientException("x", code, null)))
          .as("%d", code)
          .isFalse();
    }
  }

  @Test
  void aRefusedCrdFailsAtOnceNamingTheCrdAndTheAnswer() throws IOException {
    try (KubernetesClient client = clientOf(serverAnswering(422))) {
      assertThatThrownBy(() -> AloftCrds.apply(client, Duration.ofSeconds(30)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not apply CRD tenants.aloft.dev")
          .hasMessageContaining("spec.versions: Invalid value");
    }
    assertThat(requests).hasValue(1);
  }

  @Test
  void anUnavailableApiServerIsTriedAgainUntilTheTimeout() throws IOException {
    try (KubernetesClient client = clientOf(serverAnswering(503))) {
      assertThatThrownBy(() -> AloftCrds.apply(client, Duration.ofSeconds(2)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not apply CRD tenants.aloft.dev");
    }
    assertThat(requests.get()).isGreaterThan(1);
  }

  @Test
  void noApiServerAtAllIsReportedWithTheConnectionFailure() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (KubernetesClient client = clientOf(port)) {
      assertThatThrownBy(() -> AloftCrds.apply(client, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not apply CRD tenants.aloft.dev to http://127.0.0.1:" + port)
          .hasMessageContaining("Connection refused");
    }
  }

  @Test
  void anEstablishedConditionIsWhatMakesACrdServed() {
    CustomResourceDefinition crd = AloftCrds.load().get(0);
    assertThat(AloftCrds.established(crd)).isFalse();
    crd.setStatus(
        new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder()
            .addNewCondition()
            .withType("Established")
            .withStatus("True")
            .endCondition()
            .build());
    assertThat(AloftCrds.established(crd)).isTrue();
  }

  private int serverAnswering(int status) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body =
              ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
                      + status
                      + ",\"message\":\"spec.versions: Invalid value\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server.getAddress().getPort();
  }

  private static KubernetesClient clientOf(int port) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }
}
