package dev.aloft.server.store;

import java.util.List;
import java.util.Optional;

/**
 * Where store records live. Every method takes the namespace the call acts in; the database must be
 * that namespace or {@code <namespace>.<name>} (else PERMISSION_DENIED), so no call reaches another
 * namespace's records. A backend checks its input through {@link StoreLimits}. Expired records are
 * never returned, counted or listed, and are removed by {@link #deleteExpired}.
 */
public interface StoreBackend {

  /** The live record with {@code key}, if any. */
  Optional<StoreRecord> read(String namespace, String database, String table, String key);

  /** The live records whose keys match {@code query}, in ascending key order. */
  List<StoreRecord> read(String namespace, String database, String table, KeyQuery query);

  /** Creates or replaces the record with {@code record.key()}. */
  void write(String namespace, String database, String table, StoreRecord record);

  /** Deletes the live record with {@code key}; false when there was none. */
  boolean delete(String namespace, String database, String table, String key);

  /** The keys of the live records that match {@code query}, in ascending order. */
  List<String> list(String namespace, String database, String table, KeyQuery query);

  /** The namespace's databases that hold live records, sorted. */
  List<String> databases(String namespace);

  /** The tables of {@code database} that hold live records, sorted. */
  List<String> tables(String namespace, String database);

  /** Removes every expired record, of every namespace; returns how many. */
  int deleteExpired();
}
