package dev.aloft.server.store;

import java.util.Optional;

/**
 * Key ranges in code point order (PostgreSQL's {@code COLLATE "C"} on UTF-8): every key that starts
 * with a prefix lies in {@code [prefix, upperBound(prefix))}, which an ordinary index serves.
 */
final class KeyRange {

  private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

  private KeyRange() {}

  /**
   * The least string greater than every string that starts with {@code prefix}: the prefix with its
   * last code point raised by one (after dropping trailing U+10FFFF, which cannot be raised); empty
   * when there is none, i.e. the range is open at the top.
   */
  static Optional<String> upperBound(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    int last = codePoints.length - 1;
    while (last >= 0 && codePoints[last] == MAX_CODE_POINT) {
      last--;
    }
    if (last < 0) {
      return Optional.empty();
    }
    int raised = codePoints[last] + 1;
    if (raised >= Character.MIN_SURROGATE && raised <= Character.MAX_SURROGATE) {
      raised = Character.MAX_SURROGATE + 1;
    }
    codePoints[last] = raised;
    return Optional.of(new String(codePoints, 0, last + 1));
  }

  /** The text reversed by code point, as PostgreSQL's {@code reverse()} does. */
  static String reversed(String text) {
    return new StringBuilder(text).reverse().toString();
  }
}
