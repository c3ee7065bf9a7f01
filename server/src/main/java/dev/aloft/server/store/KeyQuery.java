package dev.aloft.server.store;

/**
 * Which keys of a table to read or list, in ascending order.
 *
 * @param prefix keys must start with this; empty matches all
 * @param suffix keys must end with this; empty matches all
 * @param limit at most this many; 0 means no limit
 * @param offset skip this many matching keys first
 */
public record KeyQuery(String prefix, String suffix, long limit, long offset) {

  public KeyQuery {
    prefix = prefix == null ? "" : prefix;
    suffix = suffix == null ? "" : suffix;
  }

  /** Every key of the table. */
  public static KeyQuery all() {
    return new KeyQuery("", "", 0, 0);
  }
}
