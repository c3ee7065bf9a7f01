package dev.aloft.server.config;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where config lives. Every method takes the namespace the call acts in and touches nothing outside
 * it. Paths and values arrive as the request carried them; a backend checks them (through {@link
 * ConfigPath} and {@link ConfigValues}) and answers bad input with INVALID_ARGUMENT naming the
 * field ({@code path}, {@code value}, {@code version}, {@code limit}), a missing value with
 * NOT_FOUND naming the path.
 *
 * <p>Versions are per namespace: every Set and Delete creates the next one, starting at 1.
 */
public interface ConfigBackend {

  /**
   * The value at {@code path}: a leaf, or the subtree under it as an object; at {@code version}
   * when positive, else the current one.
   */
  ConfigEntry get(String namespace, String path, long version, boolean revealSecrets);

  /**
   * The whole namespace's config as one object ({@code {}} when empty), at {@code version} when
   * positive; the entry's version is the namespace's latest at or before it.
   */
  ConfigEntry read(String namespace, long version, boolean revealSecrets);

  /**
   * Sets the JSON text {@code value} at {@code path}; an object merges into an object there, any
   * other value replaces what was there. Returns the version created.
   */
  long set(String namespace, String path, String value, boolean secret);

  /** Deletes the value at {@code path} and everything under it; returns the version created. */
  long delete(String namespace, String path);

  /**
   * The changes that touched {@code path} (at it, under it, or at an ancestor), oldest first; with
   * a positive {@code limit}, only that many of the most recent.
   */
  List<ConfigChange> history(String namespace, String path, int limit, boolean revealSecrets);

  /**
   * Calls {@code listener} with every later change of {@code namespace} that touches {@code path}
   * (empty: the whole namespace), in version order, until the returned handle is closed.
   */
  Subscription watch(
      String namespace, String path, boolean revealSecrets, Consumer<ConfigChange> listener);

  /** A watch that is running; closing it stops it. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
