package dev.aloft.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret config values at rest with AES-256-GCM. The key lives in one file (base64, mode
 * 0600), generated on first use. Each ciphertext is bound to its namespace and path (as associated
 * data), so a stored ciphertext copied to another namespace or path does not decrypt.
 */
public final class SecretCipher {

  /** The key file's name inside {@code <data-dir>/config/}. */
  public static final String KEY_FILE_NAME = "secret.key";

  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  private SecretCipher(SecretKey key) {
    this.key = key;
  }

  /**
   * Reads the key from {@code keyFile}, or generates it there (parent directory 0700, file 0600)
   * when the file does not exist.
   */
  public static SecretCipher loadOrCreate(Path keyFile) {
    try {
      if (!Files.exists(keyFile)) {
        create(keyFile);
      }
      byte[] raw = Base64.getDecoder().decode(Files.readString(keyFile).trim());
      if (raw.length != KEY_BYTES) {
        throw new IllegalStateException(
            "config secret key file "
                + keyFile
                + " holds "
                + raw.length
                + " bytes, expected "
                + KEY_BYTES
                + "; restore the original file (secrets cannot be read without it)");
      }
      return new SecretCipher(new SecretKeySpec(raw, "AES"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config secret key file " + keyFile, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "config secret key file " + keyFile + " is not base64; restore the original file", e);
    }
  }

  private static void create(Path keyFile) throws IOException {
    Path dir = keyFile.toAbsolutePath().getParent();
    if (!Files.exists(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    String encoded;
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(KEY_BYTES * 8);
      encoded = Base64.getEncoder().encodeToString(generator.generateKey().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate AES keys", e);
    }
    try {
      Files.createFile(
          keyFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      return; // created concurrently: use that one
    }
    Files.writeString(keyFile, encoded + "\n");
  }

  /** Encrypts {@code plaintext} for {@code path} of {@code namespace}; base64 text. */
  public String encrypt(String namespace, ConfigPath path, String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(namespace, path));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts what {@link #encrypt} returned for the same namespace and path; IllegalStateException
   * when it does not decrypt (another key, or tampered data).
   */
  public String decrypt(String namespace, ConfigPath path, String ciphertext) {
    try {
      byte[] in = Base64.getDecoder().decode(ciphertext);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(namespace, path));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the secret at "
              + path
              + " in namespace "
              + namespace
              + " does not decrypt with this server's key (was config/"
              + KEY_FILE_NAME
              + " replaced?)",
          e);
    }
  }

  private static byte[] associatedData(String namespace, ConfigPath path) {
    return (namespace + "\u0000" + path.text()).getBytes(StandardCharsets.UTF_8);
  }
}
