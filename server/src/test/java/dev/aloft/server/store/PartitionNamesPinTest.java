package dev.aloft.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the store's schema naming to literals. The operator drops a deleted tenant's schemas by
 * these names ({@code TenantPostgresPartition} in {@code tenant-isolation/}, whose test pins the
 * same literals): change both together.
 */
class PartitionNamesPinTest {

  @Test
  void schemaNamesAreStable() {
    PostgresStoreNames names = new PostgresStoreNames("aloft_");
    assertThat(names.schema("acme", "acme")).isEqualTo("aloft_acme_de25cb2995");
    assertThat(names.schema("acme", "acme.archive")).isEqualTo("aloft_acme_archive_db960cb178");
    assertThat(names.catalogSchema()).isEqualTo("aloft_catalog");
  }
}
