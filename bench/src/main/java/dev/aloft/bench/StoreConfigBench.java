package dev.aloft.bench;

import com.google.protobuf.ByteString;
import dev.aloft.api.config.v1.ConfigGrpc;
import dev.aloft.api.config.v1.GetRequest;
import dev.aloft.api.config.v1.SetRequest;
import dev.aloft.api.config.v1.Value;
import dev.aloft.api.store.v1.ReadRequest;
import dev.aloft.api.store.v1.Record;
import dev.aloft.api.store.v1.StoreGrpc;
import dev.aloft.api.store.v1.WriteRequest;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Issue 9.3: store and config reads and writes through the platform API (gRPC, the user's token) vs
 * the same operations straight on the backend: the embedded backends against an H2 file database
 * opened in this process with the server's table and SQL, the cluster backends against PostgreSQL
 * (the store's upsert and select on a table of the same shape) and etcd (a put and a get of the
 * value). Target: at least 0.7x the raw throughput.
 */
public final class StoreConfigBench {

  static final int STORE_VALUE_BYTES = 1024;
  static final int CONFIG_VALUE_CHARS = 100;

  /** Keys per caller: writes overwrite them in turn, reads read them in turn. */
  static final int STORE_KEYS = 100;

  static final int CONFIG_PATHS = 8;

  private StoreConfigBench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, 3, List.of(8), true);
    System.out.println(
        "# store/config: platform API over gRPC vs the backend straight from this process (1 KB"
            + " store values, "
            + CONFIG_VALUE_CHARS
            + "-character config values); "
            + options.describe());
    int callers = Collections.max(options.concurrency());
    InfraEnv infra = new InfraEnv();
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (Workdir workdir = new Workdir("store")) {
      if (runsAny(options, "embedded")) {
        try (AloftServer server =
                AloftServer.start(workdir.resolve("embedded"), Map.of(), options);
            PlatformClient platform = new PlatformClient(server);
            RawBackends.H2 h2 = new RawBackends.H2(workdir.resolve("raw-h2"), callers)) {
          compareAll(options, platform, "embedded", "h2", h2, h2);
        }
      }
      if (!runsAny(options, "postgres") && !runsAny(options, "etcd")) {
        return;
      }
      Map<String, String> cluster = new HashMap<>();
      cluster.put("ALOFT_STORE_BACKEND", "postgres");
      cluster.put("ALOFT_STORE_POSTGRES_URL", infra.postgresUrl());
      cluster.put("ALOFT_STORE_POSTGRES_USER", infra.postgresUser());
      cluster.put("ALOFT_STORE_POSTGRES_PASSWORD", infra.postgresPassword());
      cluster.put("ALOFT_STORE_POSTGRES_SCHEMA_PREFIX", "ab" + run + "_");
      cluster.put("ALOFT_CONFIG_BACKEND", "etcd");
      cluster.put("ALOFT_ETCD_ENDPOINTS", infra.etcdEndpoints());
      cluster.put("ALOFT_ETCD_PREFIX", "/aloft-bench-" + run);
      try (RawBackends.Postgres postgres = new RawBackends.Postgres(infra, run, callers);
          RawBackends.Etcd etcd = new RawBackends.Etcd(infra, run)) {
        try (AloftServer server = AloftServer.start(workdir.resolve("cluster"), cluster, options);
            PlatformClient platform = new PlatformClient(server)) {
          compareAll(options, platform, "postgres", "postgres", postgres, null);
          compareAll(options, platform, "etcd", "etcd", null, etcd);
        }
      }
    }
  }

  /** Store and/or config on one backend: writes, then reads, at each concurrency level. */
  private static void compareAll(
      BenchOptions options,
      PlatformClient platform,
      String backend,
      String baseline,
      RawBackends.Store rawStore,
      RawBackends.Config rawConfig)
      throws Exception {
    StoreGrpc.StoreBlockingStub store =
        platform.asUser(StoreGrpc.newBlockingStub(platform.channel));
    ConfigGrpc.ConfigBlockingStub config =
        platform.asUser(ConfigGrpc.newBlockingStub(platform.channel));
    byte[] value = "v".repeat(STORE_VALUE_BYTES).getBytes();
    String json = "\"" + "c".repeat(CONFIG_VALUE_CHARS - 2) + "\"";
    ByteString bytes = ByteString.copyFrom(value);
    for (int callers : options.concurrency()) {
      String at = at(backend, callers);
      if (rawStore != null) {
        line(
            options,
            "store write" + at,
            baseline,
            callers,
            (c, n) ->
                store.write(
                    WriteRequest.newBuilder()
                        .setRecord(Record.newBuilder().setKey(storeKey(c, n)).setValue(bytes))
                        .build()),
            (c, n) -> rawStore.write(c, storeKey(c, n), value));
        populate(
            options.runs("store read" + at),
            callers,
            STORE_KEYS,
            (c, n) -> {
              store.write(
                  WriteRequest.newBuilder()
                      .setRecord(Record.newBuilder().setKey(storeKey(c, n)).setValue(bytes))
                      .build());
              rawStore.write(c, storeKey(c, n), value);
            });
        line(
            options,
            "store read" + at,
            baseline,
            callers,
            (c, n) -> {
              if (store
                      .read(ReadRequest.newBuilder().setKey(storeKey(c, n)).build())
                      .getRecordsCount()
                  != 1) {
                throw new IllegalStateException("store read found nothing at " + storeKey(c, n));
              }
            },
            (c, n) -> {
              if (!rawStore.read(c, storeKey(c, n))) {
                throw new IllegalStateException("raw read found nothing at " + storeKey(c, n));
              }
            });
      }
      if (rawConfig != null) {
        line(
            options,
            "config set" + at,
            baseline,
            callers,
            (c, n) ->
                config.set(
                    SetRequest.newBuilder()
                        .setPath(configPath(c, n))
                        .setValue(Value.newBuilder().setData(json))
                        .build()),
            (c, n) -> rawConfig.set(c, configPath(c, n), json));
        populate(
            options.runs("config get" + at),
            callers,
            CONFIG_PATHS,
            (c, n) -> {
              config.set(
                  SetRequest.newBuilder()
                      .setPath(configPath(c, n))
                      .setValue(Value.newBuilder().setData(json))
                      .build());
              rawConfig.set(c, configPath(c, n), json);
            });
        line(
            options,
            "config get" + at,
            baseline,
            callers,
            (c, n) -> config.get(GetRequest.newBuilder().setPath(configPath(c, n)).build()),
            (c, n) -> {
              if (!rawConfig.get(c, configPath(c, n))) {
                throw new IllegalStateException("raw get found nothing at " + configPath(c, n));
              }
            });
      }
    }
  }

  private static void line(
      BenchOptions options,
      String measure,
      String baseline,
      int callers,
      ClosedLoop.Operation platform,
      ClosedLoop.Operation raw)
      throws Exception {
    if (!options.runs(measure)) {
      return;
    }
    Sample[] samples =
        Alternation.run(
            options,
            length -> ClosedLoop.run(callers, length, platform),
            length -> ClosedLoop.run(callers, length, raw));
    System.out.println(
        Comparison.line(
            measure, baseline, samples[0], samples[1], true, Target.keepsThroughput(0.7)));
  }

  /** Whether any line on BACKEND runs (at any concurrency). */
  private static boolean runsAny(BenchOptions options, String backend) {
    return options.concurrency().stream()
        .anyMatch(
            callers ->
                Stream.of("store write", "store read", "config set", "config get")
                    .anyMatch(line -> options.runs(line + at(backend, callers))));
  }

  /** What a line's name says after its operation: " (backend, c=callers)". */
  private static String at(String backend, int callers) {
    return " (" + backend + ", c=" + callers + ")";
  }

  /** Makes sure every key the reads use exists on both sides (when the reads run). */
  private static void populate(boolean readsRun, int callers, int keys, ClosedLoop.Operation write)
      throws Exception {
    if (!readsRun) {
      return;
    }
    for (int c = 0; c < callers; c++) {
      for (int n = 0; n < keys; n++) {
        write.call(c, n);
      }
    }
  }

  static String storeKey(int caller, long n) {
    return "k-" + caller + "-" + (n % STORE_KEYS);
  }

  static String configPath(int caller, long n) {
    return "bench" + caller + ".k" + (n % CONFIG_PATHS);
  }
}
