package dev.aloft.server.events;

import dev.aloft.server.launch.StartupFailure;
import dev.aloft.server.launch.StartupOrder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the server's events backend, chosen with {@code aloft.events.backend}: {@code embedded}
 * (the log in the server's database) or {@code jetstream} ({@code aloft.events.jetstream.*}).
 * Created at start-up (application scoped, so the gRPC handlers hold a proxy and the backend is
 * made by the start-up event, not inside the gRPC server's start), so its tables exist before the
 * first call and an unreachable NATS or a bad setting stops the server before it reports ready,
 * with one line naming it ({@link StartupFailure}).
 */
@Singleton
public class EventsBackendProducer {

  @Produces
  @ApplicationScoped
  @Startup(StartupOrder.BACKENDS)
  EventsBackend eventsBackend(
      DataSource dataSource,
      @ConfigProperty(name = "aloft.events.backend", defaultValue = "embedded") String backend,
      @ConfigProperty(name = "aloft.events.jetstream.url") Optional<String> url,
      @ConfigProperty(name = "aloft.events.jetstream.user") Optional<String> user,
      @ConfigProperty(name = "aloft.events.jetstream.password") Optional<String> password,
      @ConfigProperty(name = "aloft.events.jetstream.token") Optional<String> token,
      @ConfigProperty(name = "aloft.events.jetstream.prefix", defaultValue = "aloft") String prefix,
      @ConfigProperty(name = "aloft.events.jetstream.replicas", defaultValue = "1") int replicas,
      @ConfigProperty(name = "aloft.events.jetstream.timeout", defaultValue = "5S")
          Duration timeout) {
    return StartupFailure.unlessItFails(
        () ->
            switch (backend) {
              case "embedded" -> new EmbeddedEventsBackend(dataSource, Clock.systemUTC());
              case "jetstream" ->
                  JetStreamEventsBackend.open(
                      new JetStreamSettings(
                          url.orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      "aloft.events.jetstream.url is required with"
                                          + " aloft.events.backend=jetstream")),
                          user,
                          password,
                          token,
                          prefix,
                          replicas,
                          timeout));
              default ->
                  throw new IllegalArgumentException(
                      "aloft.events.backend '"
                          + backend
                          + "' is not an events backend: use embedded or jetstream");
            });
  }

  void close(@Disposes EventsBackend backend) {
    backend.close();
  }
}
