package dev.aloft.server.runtime;

import dev.aloft.api.runtime.v1.CreateOptions;
import dev.aloft.api.runtime.v1.LogRecord;
import dev.aloft.api.runtime.v1.Service;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where services run: {@link LocalRuntime} (child processes of the server) or {@link
 * KubernetesRuntime} (Service custom resources the operator runs); chosen by {@code
 * aloft.runtime.backend}. Every method takes the namespace the call acts in; services of one
 * namespace are invisible from another.
 */
public interface RuntimeBackend extends AutoCloseable {

  /**
   * Records the service and starts building and running it in the background.
   *
   * @param remoteCaller whether the caller is not on this machine (local folders are refused then)
   * @return the service as recorded, status PENDING
   * @throws InvalidRuntimeRequestException naming the bad field
   * @throws ServiceExistsException when the name is taken
   */
  Service create(String namespace, Service service, CreateOptions options, boolean remoteCaller);

  /**
   * The namespace's services ordered by name, or the one named.
   *
   * @throws UnknownServiceException when NAME is given and unknown
   */
  List<Service> read(String namespace, Optional<String> name);

  /**
   * Fetches, builds and restarts the service again in the background.
   *
   * @throws UnknownServiceException when unknown
   */
  Service update(String namespace, String name, boolean remoteCaller);

  /**
   * Stops the service and forgets it (its account, build and logs go with it).
   *
   * @throws UnknownServiceException when unknown
   */
  void delete(String namespace, String name);

  /**
   * Hands the service's log records to LISTENER: those there are (from SINCE, the newest COUNT when
   * above 0), then with FOLLOW every new one until the returned handle is closed or the service is
   * deleted, when END runs.
   *
   * @throws UnknownServiceException when unknown
   */
  LogFollow logs(
      String namespace,
      String name,
      long count,
      Optional<Instant> since,
      boolean follow,
      Consumer<LogRecord> listener,
      Runnable end);

  /** Runs again what was recorded before the server last stopped (at server start). */
  default void resume() {}

  /** Stops every service's processes (their definitions stay, for the next start). */
  @Override
  void close();

  /** A log being followed. */
  interface LogFollow extends AutoCloseable {
    /** Stops handing records to the listener; idempotent. */
    @Override
    void close();
  }
}
