package dev.aloft.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {

  @TempDir Path dataDir;

  @Test
  void keyIsGeneratedOnceOwnerOnlyAndReusedAfterRestart() throws Exception {
    Path keyFile = dataDir.resolve("config").resolve(SecretCipher.KEY_FILE_NAME);

    SecretCipher first = SecretCipher.loadOrCreate(keyFile);
    String sealed = first.encrypt("acme", new ConfigPath("db.password"), "\"pw\"");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())))
        .isEqualTo("rwx------");
    assertThat(sealed).doesNotContain("pw");
    String keyText = Files.readString(keyFile);

    SecretCipher second = SecretCipher.loadOrCreate(keyFile);
    assertThat(Files.readString(keyFile)).isEqualTo(keyText);
    assertThat(second.decrypt("acme", new ConfigPath("db.password"), sealed)).isEqualTo("\"pw\"");
  }

  @Test
  void sameValueEncryptsDifferentlyEachTime() {
    SecretCipher cipher = SecretCipher.loadOrCreate(dataDir.resolve("k"));
    ConfigPath path = new ConfigPath("a");

    assertThat(cipher.encrypt("acme", path, "x")).isNotEqualTo(cipher.encrypt("acme", path, "x"));
  }

  @Test
  void ciphertextIsBoundToItsNamespaceAndPath() {
    SecretCipher cipher = SecretCipher.loadOrCreate(dataDir.resolve("k"));
    String sealed = cipher.encrypt("acme", new ConfigPath("db.password"), "\"pw\"");

    assertThatThrownBy(() -> cipher.decrypt("globex", new ConfigPath("db.password"), sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not decrypt");
    assertThatThrownBy(() -> cipher.decrypt("acme", new ConfigPath("db.user"), sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anotherKeyCannotDecrypt() {
    String sealed =
        SecretCipher.loadOrCreate(dataDir.resolve("one")).encrypt("acme", ConfigPath.ROOT, "x");

    assertThatThrownBy(
            () ->
                SecretCipher.loadOrCreate(dataDir.resolve("two"))
                    .decrypt("acme", ConfigPath.ROOT, sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secret.key");
  }

  @Test
  void aDamagedKeyFileIsAClearError() throws Exception {
    Path keyFile = dataDir.resolve("k");
    Files.writeString(keyFile, "c2hvcnQ=\n");

    assertThatThrownBy(() -> SecretCipher.loadOrCreate(keyFile))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(keyFile.toString())
        .hasMessageContaining("expected 32");

    Files.writeString(keyFile, "not base64 at all!\n");
    assertThatThrownBy(() -> SecretCipher.loadOrCreate(keyFile))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not base64");
  }
}
