package dev.aloft.tenant;

import dev.aloft.crds.v1alpha1.ComputeResources;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Amounts of cpu and memory as Kubernetes objects state them: each in the canonical form the API
 * server stores ({@code 0.5} becomes {@code 500m}, {@code 1024Mi} becomes {@code 1Gi}), so that an
 * object built here compares equal, as text, to the same object read back from the cluster.
 */
public final class ComputeAmounts {

  private static final Pattern EXPONENT = Pattern.compile("[eE][+-]?\\d+");
  private static final BigInteger KI = BigInteger.valueOf(1024);
  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final int SMALLEST_DECIMAL_EXPONENT = -3;
  private static final int LARGEST_DECIMAL_EXPONENT = 18;

  private ComputeAmounts() {}

  /** The {@code cpu} and {@code memory} a resources block states, canonical; none when null. */
  public static Map<String, Quantity> of(ComputeResources resources) {
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    if (resources != null) {
      if (resources.getCpu() != null) {
        amounts.put("cpu", canonical(resources.getCpu()));
      }
      if (resources.getMemory() != null) {
        amounts.put("memory", canonical(resources.getMemory()));
      }
    }
    return amounts;
  }

  /**
   * The quantity in the form Kubernetes writes it back (apimachinery's {@code
   * Quantity.CanonicalizeBytes}): binary suffixes stay binary when the amount is a whole number of
   * at least 1024, in the largest unit that keeps it whole; everything else is written with the
   * largest decimal suffix (or exponent, when given as one) that keeps the number whole; amounts
   * are rounded up to the milli, as the API server does to every resource list.
   */
  public static Quantity canonical(Quantity quantity) {
    String format = quantity.getFormat() == null ? "" : quantity.getFormat();
    BigDecimal value =
        Quantity.getAmountInBytes(quantity).setScale(3, RoundingMode.CEILING).stripTrailingZeros();
    if (format.endsWith("i")
        && value.abs().compareTo(new BigDecimal(KI)) >= 0
        && value.scale() <= 0) {
      BigInteger mantissa = value.toBigIntegerExact();
      int unit = 0;
      while (unit < BINARY.length - 1 && mantissa.mod(KI).signum() == 0) {
        mantissa = mantissa.divide(KI);
        unit++;
      }
      return new Quantity(mantissa.toString(), BINARY[unit]);
    }
    if (value.signum() == 0) {
      return new Quantity("0");
    }
    // value = unscaled * 10^exponent; the exponent rounded down to a multiple of 3
    int exponent = -value.scale();
    int thousands = Math.floorDiv(exponent, 3) * 3;
    thousands = Math.max(SMALLEST_DECIMAL_EXPONENT, Math.min(LARGEST_DECIMAL_EXPONENT, thousands));
    BigInteger mantissa = value.movePointLeft(thousands).toBigIntegerExact();
    String suffix =
        EXPONENT.matcher(format).matches()
            ? (thousands == 0 ? "" : "e" + thousands)
            : decimalSuffix(thousands);
    return new Quantity(mantissa.toString(), suffix);
  }

  private static String decimalSuffix(int exponent) {
    return switch (exponent) {
      case -3 -> "m";
      case 0 -> "";
      case 3 -> "k";
      case 6 -> "M";
      case 9 -> "G";
      case 12 -> "T";
      case 15 -> "P";
      case 18 -> "E";
      default -> throw new IllegalStateException("no suffix for 10^" + exponent);
    };
  }
}
