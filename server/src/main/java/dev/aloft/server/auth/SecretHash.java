package dev.aloft.server.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes of account secrets: PBKDF2 with HMAC-SHA512 from the JDK, a random 16-byte salt
 * per secret, encoded as {@code pbkdf2-sha512$<iterations>$<salt>$<hash>} so that the iteration
 * count can be raised later without invalidating stored hashes.
 */
public final class SecretHash {

  static final String ALGORITHM = "pbkdf2-sha512";
  static final int ITERATIONS = 210_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 512;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

  private SecretHash() {}

  /** A new salted hash of the secret. */
  public static String hash(String secret) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(secret, salt, ITERATIONS);
    return ALGORITHM
        + "$"
        + ITERATIONS
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /** Whether the secret hashes to the encoded hash; false for anything not produced by hash(). */
  public static boolean matches(String secret, String encoded) {
    String[] parts = encoded.split("\\$");
    if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = B64_DECODE.decode(parts[2]);
      byte[] expected = B64_DECODE.decode(parts[3]);
      return MessageDigest.isEqual(expected, pbkdf2(secret, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A new random secret: 32 bytes, base64url without padding (43 characters). */
  public static String generateSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
