package dev.aloft.operator.cluster;

import io.etcd.jetcd.Client;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.sql.DriverManager;
import java.util.Map;

/** Clients of the real etcd, PostgreSQL and NATS of {@code infra/up}, for checking partitions. */
public final class Backends {

  private Backends() {}

  public static Client etcd() {
    return Client.builder()
        .endpoints(LocalCluster.infraEnv().get("ALOFT_ETCD_ENDPOINTS").split(","))
        .build();
  }

  public static java.sql.Connection postgres() throws Exception {
    Map<String, String> infra = LocalCluster.infraEnv();
    return DriverManager.getConnection(
        infra.get("ALOFT_POSTGRES_JDBC_URL"),
        infra.get("ALOFT_POSTGRES_USER"),
        infra.get("ALOFT_POSTGRES_PASSWORD"));
  }

  public static Connection nats() throws Exception {
    return Nats.connect(LocalCluster.infraEnv().get("ALOFT_NATS_URL"));
  }
}
