package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.Tenant;

/**
 * A tenant's partition of NATS JetStream: the subjects {@code <prefix>.<tenant>.>} that the
 * server's events backend publishes the tenant's topics on, one stream per topic, named as the
 * server names them ({@code JetStreamEventsBackend} in {@code server/}). Streams appear with the
 * first event of a topic; the tenant's partition is every stream whose subject lies in its subject
 * space, and they are deleted with the tenant.
 *
 * @param tenant the tenant's name
 * @param prefix the server's JetStream prefix
 * @param subjectPrefix {@code <prefix>.<tenant>.}; tenant names hold no '.', so no other tenant's
 *     subjects start with it
 */
public record TenantJetStreamPartition(String tenant, String prefix, String subjectPrefix) {

  private static final int READABLE_TOPIC_MAX = 40;

  /** The partition of {@code tenant} under the server's {@code prefixes}. */
  public static TenantJetStreamPartition desired(Tenant tenant, BackendPrefixes prefixes) {
    String name = TenantNames.tenantName(tenant);
    String prefix = prefixes.jetStreamPrefix();
    return new TenantJetStreamPartition(name, prefix, prefix + "." + name + ".");
  }

  /** Whether a stream with this subject belongs to the tenant. */
  public boolean holds(String subject) {
    return subject.startsWith(subjectPrefix);
  }

  /** The subject of one of the tenant's topics. */
  public String subject(String topic) {
    return subjectPrefix + topic;
  }

  /**
   * The stream the server makes for one of the tenant's topics: {@code <prefix>_<tenant>_<topic,
   * '.' as '_', cut to 40>_<10 hex digits of SHA-256 over tenant, newline, topic>}.
   */
  public String streamName(String topic) {
    String readable = topic.replace('.', '_');
    if (readable.length() > READABLE_TOPIC_MAX) {
      readable = readable.substring(0, READABLE_TOPIC_MAX);
    }
    return prefix
        + "_"
        + tenant
        + "_"
        + readable
        + "_"
        + TenantPostgresPartition.hash(tenant + "\n" + topic);
  }
}
