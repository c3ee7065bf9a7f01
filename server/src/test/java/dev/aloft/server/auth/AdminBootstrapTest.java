package dev.aloft.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start and later starts of the platform, on a real database file and key directory. */
class AdminBootstrapTest {

  @TempDir Path dataDir;
  private EmbeddedDatabase database;

  @BeforeEach
  void open() {
    database = new EmbeddedDatabase(dataDir);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private AdminBootstrap bootstrap(Optional<String> configuredSecret) {
    AccountStore accounts = new EmbeddedAccountStore(database.dataSource());
    return new AdminBootstrap(
        accounts,
        new EmbeddedRuleStore(database.dataSource()),
        new LocalKeyTokens(
            LocalSigningKey.loadOrCreate(dataDir.resolve("auth")),
            accounts,
            Duration.ofMinutes(15),
            Duration.ofDays(7),
            java.time.Clock.systemUTC()),
        dataDir,
        configuredSecret);
  }

  @Test
  void firstStartGeneratesTheAdminSecretAndKeepsItInAPrivateFile() throws Exception {
    String secret = bootstrap(Optional.empty()).bootstrap().orElseThrow();

    Path file = dataDir.resolve(AdminBootstrap.SECRET_FILE);
    assertThat(Files.readString(file).trim()).isEqualTo(secret);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
    AccountStore accounts = new EmbeddedAccountStore(database.dataSource());
    Account admin = accounts.authenticate("default", "admin", secret).orElseThrow();
    assertThat(admin.scopes()).containsExactly("admin");
    assertThat(Files.exists(dataDir.resolve("auth").resolve(LocalSigningKey.FILE_NAME))).isTrue();
    assertThat(new EmbeddedRuleStore(database.dataSource()).list("default"))
        .containsExactlyInAnyOrderElementsOf(DefaultRules.forNewNamespace());
  }

  @Test
  void laterStartsKeepTheAdminKeyAndRulesAsTheyAre() throws Exception {
    String secret = bootstrap(Optional.empty()).bootstrap().orElseThrow();
    String keyId = LocalSigningKey.loadOrCreate(dataDir.resolve("auth")).keyId();
    new EmbeddedRuleStore(database.dataSource()).delete("default", "auth-inspect");

    database.restart();
    assertThat(bootstrap(Optional.of("a-new-configured-secret")).bootstrap()).isEmpty();

    AccountStore accounts = new EmbeddedAccountStore(database.dataSource());
    assertThat(accounts.authenticate("default", "admin", secret)).isPresent();
    assertThat(accounts.authenticate("default", "admin", "a-new-configured-secret")).isEmpty();
    assertThat(LocalSigningKey.loadOrCreate(dataDir.resolve("auth")).keyId()).isEqualTo(keyId);
    assertThat(new EmbeddedRuleStore(database.dataSource()).list("default"))
        .extracting(Rule::id)
        .doesNotContain("auth-inspect");
  }

  @Test
  void configuredSecretIsUsedAndNotWrittenAnywhere() {
    assertThat(bootstrap(Optional.of("from-the-environment")).bootstrap()).isEmpty();

    assertThat(Files.exists(dataDir.resolve(AdminBootstrap.SECRET_FILE))).isFalse();
    assertThat(
            new EmbeddedAccountStore(database.dataSource())
                .authenticate("default", "admin", "from-the-environment"))
        .isPresent();
  }

  @Test
  void tooShortConfiguredSecretIsRefusedByName() {
    assertThatThrownBy(() -> bootstrap(Optional.of("short")).bootstrap())
        .hasMessageContaining("ALOFT_ADMIN_SECRET")
        .hasMessageContaining("5 characters");
  }
}
