package dev.aloft.operator;

import static dev.aloft.operator.OperatorIT.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aloft.crds.v1alpha1.ConditionStatus;
import dev.aloft.crds.v1alpha1.Tenant;
import dev.aloft.crds.v1alpha1.TenantSpec;
import dev.aloft.crds.v1alpha1.TenantStatus;
import dev.aloft.operator.cluster.Backends;
import dev.aloft.operator.cluster.LocalCluster;
import dev.aloft.tenant.BackendPrefixes;
import dev.aloft.tenant.TenantEtcdPartition;
import dev.aloft.tenant.TenantJetStreamPartition;
import dev.aloft.tenant.TenantPostgresPartition;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A tenant's partitions exist in the real etcd, PostgreSQL and NATS once it is Ready, hold what the
 * server writes there, and are gone (with that data, and nothing of other tenants) once it is
 * deleted; the tenant's Kubernetes Events tell what the operator did.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalCluster.class, restrictToAnnotatedClass = true)
class TenantPartitionsIT {

  static final String TENANT = "it-parts";
  static final String OTHER = "it-parts-other";

  @Inject KubernetesClient client;

  @Test
  void partitionsLiveAndDieWithTheTenant() throws Exception {
    Tenant tenant = tenant(TENANT);
    var prefixes = BackendPrefixes.DEFAULTS;
    var etcdPartition = TenantEtcdPartition.desired(tenant, prefixes);
    var postgresPartition = TenantPostgresPartition.desired(tenant, prefixes);
    var natsPartition = TenantJetStreamPartition.desired(tenant, prefixes);
    var otherNats = TenantJetStreamPartition.desired(tenant(OTHER), prefixes);
    String archive = TenantPostgresPartition.storeSchema("aloft_", TENANT, TENANT + ".archive");

    try (Client etcd = Backends.etcd();
        Connection postgres = Backends.postgres();
        io.nats.client.Connection nats = Backends.nats()) {
      JetStreamManagement jsm = nats.jetStreamManagement();
      client.resources(Tenant.class).withName(TENANT).delete();
      await(
          "previous tenant gone",
          () -> client.resources(Tenant.class).withName(TENANT).get() == null);
      String uid = client.resource(tenant).create().getMetadata().getUid();
      await(
          "tenant Ready",
          () -> OperatorIT.ready(client.resources(Tenant.class).withName(TENANT).get()));

      var partitions =
          client.resources(Tenant.class).withName(TENANT).get().getStatus().getConditions().stream()
              .filter(c -> c.getType().equals(TenantStatus.CONDITION_PARTITIONS_READY))
              .findFirst()
              .orElseThrow();
      assertThat(partitions.getStatus()).isEqualTo(ConditionStatus.TRUE);
      assertThat(partitions.getMessage())
          .contains(postgresPartition.schema())
          .contains("/aloft/config/it-parts/");

      // etcd: the marker and the role limited to the tenant's prefixes
      assertThat(get(etcd, etcdPartition.markerKey())).isEqualTo(etcdPartition.markerValue());
      var role =
          etcd.getAuthClient().roleGet(bytes(etcdPartition.role())).get(10, TimeUnit.SECONDS);
      assertThat(role.getPermissions())
          .extracting(p -> p.getKey().toString(UTF_8))
          .containsExactlyInAnyOrderElementsOf(etcdPartition.keyPrefixes());
      // what the server would write, the tenant's and another's
      put(etcd, "/aloft/config/" + TENANT + "/latest", "1");
      put(etcd, "/aloft/registry/" + TENANT + "/echo/v1/node-1", "{}");
      put(etcd, "/aloft/config/" + OTHER + "/latest", "1");

      // PostgreSQL: the default database's schema; a table in it and another database's schema
      assertThat(schemaExists(postgres, postgresPartition.schema())).isTrue();
      try (Statement sql = postgres.createStatement()) {
        sql.execute("CREATE TABLE \"" + postgresPartition.schema() + "\".orders (record_key TEXT)");
        sql.execute("INSERT INTO \"" + postgresPartition.schema() + "\".orders VALUES ('k')");
        sql.execute("CREATE SCHEMA \"" + archive + "\"");
        // the store's catalog, as the server creates it, listing the second schema
        sql.execute("CREATE SCHEMA IF NOT EXISTS aloft_catalog");
        sql.execute(
            "CREATE TABLE IF NOT EXISTS aloft_catalog.store_tables (namespace_name TEXT NOT NULL,"
                + " db_name TEXT NOT NULL, tbl_name TEXT NOT NULL, schema_name TEXT NOT NULL,"
                + " table_name TEXT NOT NULL, PRIMARY KEY (namespace_name, db_name, tbl_name),"
                + " UNIQUE (schema_name, table_name))");
        sql.execute(
            "INSERT INTO aloft_catalog.store_tables VALUES ('"
                + TENANT
                + "', '"
                + TENANT
                + ".archive', 'old', '"
                + archive
                + "', 'old') ON CONFLICT DO NOTHING");
      }

      // NATS: a topic stream of the tenant and one of another tenant, named as the server does
      for (var partition : List.of(natsPartition, otherNats)) {
        String name = partition.streamName("orders.created");
        if (!jsm.getStreamNames().contains(name)) {
          jsm.addStream(
              StreamConfiguration.builder()
                  .name(name)
                  .subjects(partition.subject("orders.created"))
                  .build());
        }
        nats.jetStream().publish(partition.subject("orders.created"), "{}".getBytes(UTF_8));
      }

      client.resources(Tenant.class).withName(TENANT).delete();
      await("tenant gone", () -> client.resources(Tenant.class).withName(TENANT).get() == null);

      assertThat(get(etcd, etcdPartition.markerKey())).isNull();
      assertThat(get(etcd, "/aloft/config/" + TENANT + "/latest")).isNull();
      assertThat(get(etcd, "/aloft/registry/" + TENANT + "/echo/v1/node-1")).isNull();
      assertThat(get(etcd, "/aloft/config/" + OTHER + "/latest")).isEqualTo("1");
      assertThat(etcd.getAuthClient().roleList().get(10, TimeUnit.SECONDS).getRoles())
          .doesNotContain(etcdPartition.role());
      assertThat(schemaExists(postgres, postgresPartition.schema())).isFalse();
      assertThat(schemaExists(postgres, archive)).isFalse();
      assertThat(jsm.getStreamNames())
          .doesNotContain(natsPartition.streamName("orders.created"))
          .contains(otherNats.streamName("orders.created"));

      List<Event> events =
          client.v1().events().inNamespace("default").list().getItems().stream()
              .filter(e -> uid.equals(e.getInvolvedObject().getUid()))
              .toList();
      assertThat(events)
          .extracting(Event::getReason)
          .contains("RealmCreated", "AllConditionsHold", "PartitionsDeleted");
      assertThat(events)
          .extracting(Event::getMessage)
          .anyMatch(m -> m.contains("PartitionsReady is True"));

      jsm.deleteStream(otherNats.streamName("orders.created"));
      etcd.getKVClient()
          .delete(
              bytes("/aloft/config/" + OTHER + "/"), DeleteOption.builder().isPrefix(true).build())
          .get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDependentThatCannotBeAppliedIsReportedAndRetried() throws Exception {
    String name = "it-fail";
    String namespace = "aloft-" + name;
    client.resources(Tenant.class).withName(name).delete();
    await(
        "previous tenant gone", () -> client.resources(Tenant.class).withName(name).get() == null);
    await("previous namespace gone", () -> client.namespaces().withName(namespace).get() == null);
    // In the way: a namespace of that name held in Terminating by a finalizer on its content.
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .endMetadata()
                .build())
        .create();
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("hold")
                .withNamespace(namespace)
                .addToFinalizers("aloft.dev/it-hold")
                .endMetadata()
                .build())
        .create();
    client.namespaces().withName(namespace).delete();

    String uid = client.resource(tenant(name)).create().getMetadata().getUid();
    await(
        "Isolated False",
        () -> {
          var isolated = condition(name, TenantStatus.CONDITION_ISOLATED);
          return isolated != null && isolated.getStatus() == ConditionStatus.FALSE;
        });
    var isolated = condition(name, TenantStatus.CONDITION_ISOLATED);
    assertThat(isolated.getReason()).isEqualTo("ApplyFailed");
    assertThat(isolated.getMessage())
        .contains(namespace)
        .containsPattern("\\((Forbidden|AlreadyExists)\\)");
    await(
        "an ApplyFailed Warning",
        () ->
            client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(
                    e ->
                        uid.equals(e.getInvolvedObject().getUid())
                            && "Warning".equals(e.getType())
                            && "ApplyFailed".equals(e.getReason())));

    // Out of the way: the operator retries and the tenant becomes Ready.
    client
        .configMaps()
        .inNamespace(namespace)
        .withName("hold")
        .edit(
            c -> {
              c.getMetadata().setFinalizers(List.of());
              return c;
            });
    await(
        "tenant Ready",
        () -> OperatorIT.ready(client.resources(Tenant.class).withName(name).get()));
    client.resources(Tenant.class).withName(name).delete();
    await("tenant gone", () -> client.resources(Tenant.class).withName(name).get() == null);
  }

  private dev.aloft.crds.v1alpha1.Condition condition(String tenant, String type) {
    Tenant t = client.resources(Tenant.class).withName(tenant).get();
    if (t == null || t.getStatus() == null || t.getStatus().getConditions() == null) {
      return null;
    }
    return t.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  static Tenant tenant(String name) {
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName(name).build());
    tenant.setSpec(new TenantSpec());
    return tenant;
  }

  private static boolean schemaExists(Connection postgres, String schema) throws Exception {
    try (var query = postgres.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      query.setString(1, schema);
      try (var rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static String get(Client etcd, String key) throws Exception {
    var kvs = etcd.getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getKvs();
    return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(UTF_8);
  }

  private static void put(Client etcd, String key, String value) throws Exception {
    etcd.getKVClient().put(bytes(key), bytes(value)).get(10, TimeUnit.SECONDS);
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, UTF_8);
  }
}
