package dev.aloft.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import org.jboss.logging.Logger;

/**
 * The RSA key pair that signs and verifies the platform's tokens, kept as a private JWK in {@code
 * <data-dir>/auth/signing-key.jwk} (mode 0600, directory 0700). Created on first start, read on
 * every later one, so tokens survive a restart.
 */
public final class LocalSigningKey {

  static final String FILE_NAME = "signing-key.jwk";
  private static final Logger LOG = Logger.getLogger(LocalSigningKey.class);

  private final RSAKey key;
  private final Path file;

  private LocalSigningKey(RSAKey key, Path file) {
    this.key = key;
    this.file = file;
  }

  /** Reads the key from {@code dir}, creating the directory and a new 2048-bit key if needed. */
  public static LocalSigningKey loadOrCreate(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return new LocalSigningKey(read(file), file);
      }
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      RSAKey key = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException raced) {
        return new LocalSigningKey(read(file), file);
      }
      Files.writeString(
          file, key.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      LOG.infof("Created the token signing key %s in %s", key.getKeyID(), file);
      return new LocalSigningKey(key, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the token signing key in " + file, e);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key pair", e);
    }
  }

  private static RSAKey read(Path file) throws IOException {
    try {
      RSAKey key = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!key.isPrivate()) {
        throw new IllegalStateException(file + " holds no private key; delete it to get a new one");
      }
      return key;
    } catch (ParseException e) {
      throw new IllegalStateException(
          file + " is not an RSA JWK (" + e.getMessage() + "); delete it to get a new key", e);
    }
  }

  /** The private key (signing). */
  public RSAKey privateKey() {
    return key;
  }

  /** The public half (verification), as published in a JWKS. */
  public RSAKey publicKey() {
    return key.toPublicJWK();
  }

  public String keyId() {
    return key.getKeyID();
  }

  public Path file() {
    return file;
  }
}
