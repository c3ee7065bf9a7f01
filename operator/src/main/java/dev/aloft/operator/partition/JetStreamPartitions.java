package dev.aloft.operator.partition;

import dev.aloft.tenant.TenantJetStreamPartition;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamInfo;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tenants' partitions in NATS JetStream ({@link TenantJetStreamPartition}): the streams of the
 * tenant's topics. Applying one checks that JetStream answers and counts them; removing one deletes
 * them all.
 */
@ApplicationScoped
public class JetStreamPartitions {

  private final String url;
  private final Duration timeout;
  private Connection connection;

  public JetStreamPartitions(
      @ConfigProperty(name = "aloft.partitions.nats.url") String url,
      @ConfigProperty(name = "aloft.partitions.timeout", defaultValue = "10S") Duration timeout) {
    this.url = url;
    this.timeout = timeout;
  }

  @PreDestroy
  synchronized void close() throws InterruptedException {
    if (connection != null) {
      connection.close();
    }
  }

  /** Checks that JetStream answers; the number of streams the tenant has. */
  public int apply(TenantJetStreamPartition partition) {
    try {
      management().getAccountStatistics();
      return streams(partition).size();
    } catch (IOException | JetStreamApiException e) {
      throw failure("read account", e);
    }
  }

  /** The names of the tenant's streams. */
  public List<String> streams(TenantJetStreamPartition partition) {
    try {
      return management().getStreams().stream()
          .filter(s -> s.getConfiguration().getSubjects().stream().anyMatch(partition::holds))
          .map(StreamInfo::getConfiguration)
          .map(c -> c.getName())
          .toList();
    } catch (IOException | JetStreamApiException e) {
      throw failure("list streams", e);
    }
  }

  /** Deletes the tenant's streams with their events and consumers; the deleted. */
  public List<String> delete(TenantJetStreamPartition partition) {
    List<String> streams = streams(partition);
    for (String stream : streams) {
      try {
        management().deleteStream(stream);
      } catch (JetStreamApiException e) {
        if (e.getErrorCode() != 404) {
          throw failure("delete stream " + stream, e);
        }
      } catch (IOException e) {
        throw failure("delete stream " + stream, e);
      }
    }
    return streams;
  }

  private synchronized JetStreamManagement management() throws IOException {
    if (connection == null || connection.getStatus() == Connection.Status.CLOSED) {
      try {
        connection =
            Nats.connect(
                Options.builder()
                    .server(url)
                    .connectionName("aloft-operator")
                    .connectionTimeout(timeout)
                    .maxReconnects(-1)
                    .build());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while connecting", e);
      }
    }
    return connection.jetStreamManagement();
  }

  private PartitionException failure(String what, Exception e) {
    return new PartitionException(
        "NATS JetStream at " + url + ": " + what + ": " + e.getMessage(), e);
  }
}
