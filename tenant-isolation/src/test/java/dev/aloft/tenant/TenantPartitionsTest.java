package dev.aloft.tenant;

import static dev.aloft.tenant.TenantFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A tenant's backend partitions, named as the platform server's backends name them. The expected
 * names are literals (SHA-256 computed outside Java); {@code PartitionNamesPinTest} in {@code
 * server/} pins the server's own naming to the same literals, so the two cannot drift apart.
 */
class TenantPartitionsTest {

  @Test
  void etcdPartitionCoversTheTenantsConfigAndRegistryAndNothingElse() {
    TenantEtcdPartition etcd =
        TenantEtcdPartition.desired(tenant("acme"), BackendPrefixes.DEFAULTS);

    assertThat(etcd.markerKey()).isEqualTo("/aloft/tenants/acme");
    assertThat(etcd.markerValue()).isEqualTo("{\"tenant\":\"acme\",\"namespace\":\"aloft-acme\"}");
    assertThat(etcd.keyPrefixes()).containsExactly("/aloft/config/acme/", "/aloft/registry/acme/");
    assertThat(etcd.role()).isEqualTo("aloft-tenant-acme");
    assertThat("/aloft/config/acme-x/latest").doesNotStartWith(etcd.keyPrefixes().get(0));
  }

  @Test
  void etcdPartitionFollowsTheServersPrefix() {
    var prefixes = new BackendPrefixes("/prod/aloft", "aloft_", "aloft");
    assertThat(TenantEtcdPartition.desired(tenant("acme"), prefixes).keyPrefixes())
        .containsExactly("/prod/aloft/config/acme/", "/prod/aloft/registry/acme/");
  }

  @Test
  void postgresSchemaIsTheStoresSchemaOfTheTenantsDefaultDatabase() {
    TenantPostgresPartition postgres =
        TenantPostgresPartition.desired(tenant("acme"), BackendPrefixes.DEFAULTS);

    assertThat(postgres.schema()).isEqualTo("aloft_acme_de25cb2995");
    assertThat(postgres.catalogSchema()).isEqualTo("aloft_catalog");
    assertThat(postgres.catalogTable()).isEqualTo("store_tables");
    assertThat(TenantPostgresPartition.storeSchema("aloft_", "acme", "acme.archive"))
        .isEqualTo("aloft_acme_archive_db960cb178");
  }

  @Test
  void jetStreamPartitionIsTheTenantsSubjectSpace() {
    TenantJetStreamPartition nats =
        TenantJetStreamPartition.desired(tenant("acme"), BackendPrefixes.DEFAULTS);

    assertThat(nats.subjectPrefix()).isEqualTo("aloft.acme.");
    assertThat(nats.subject("orders.created")).isEqualTo("aloft.acme.orders.created");
    assertThat(nats.streamName("orders.created")).isEqualTo("aloft_acme_orders_created_1d579f41ec");
    assertThat(nats.holds("aloft.acme.orders.created")).isTrue();
    assertThat(nats.holds("aloft.acme-x.orders.created")).isFalse();
  }

  @Test
  void prefixesTheServerWouldRefuseAreRefusedNamingThem() {
    assertThatThrownBy(() -> new BackendPrefixes("aloft", "aloft_", "aloft"))
        .hasMessageContaining("etcd key prefix 'aloft'");
    assertThatThrownBy(() -> new BackendPrefixes("/aloft", "Aloft", "aloft"))
        .hasMessageContaining("PostgreSQL schema prefix 'Aloft'");
    assertThatThrownBy(() -> new BackendPrefixes("/aloft", "aloft_", "al.oft"))
        .hasMessageContaining("JetStream prefix 'al.oft'");
  }
}
