package dev.aloft.server.auth;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What a fresh platform gets on its first start: the token signing key, the {@code default}
 * namespace with its default rules, and the platform admin account {@code admin}. Its secret is
 * {@code ALOFT_ADMIN_SECRET} (config {@code aloft.admin-secret}) when set; otherwise one is
 * generated, logged once and written to {@code <data-dir>/admin-secret} (mode 0600). Later starts
 * leave all of it as it is.
 */
@Singleton
public class AdminBootstrap {

  static final String SECRET_FILE = "admin-secret";
  private static final Logger LOG = Logger.getLogger("aloft");

  private final AccountStore accounts;
  private final RuleStore rules;
  private final TokenIssuer tokens;
  private final Path dataDir;
  private final Optional<String> configuredSecret;

  @Inject
  public AdminBootstrap(
      AccountStore accounts,
      RuleStore rules,
      TokenIssuer tokens,
      @ConfigProperty(name = "aloft.data-dir") Path dataDir,
      @ConfigProperty(name = "aloft.admin-secret") Optional<String> configuredSecret) {
    this.accounts = accounts;
    this.rules = rules;
    this.tokens = tokens;
    this.dataDir = dataDir;
    this.configuredSecret = configuredSecret.filter(secret -> !secret.isEmpty());
  }

  /**
   * Runs before the other start-up observers, so the "ready" line comes after it. A backend that
   * cannot be reached stops the start with one line naming it (Quarkus prints the message of a
   * ConfigurationException without a stack trace and exits with 1).
   */
  void onStart(
      @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event,
      AuthBackends backends) {
    try {
      backends.checkReachable();
      bootstrap();
    } catch (BackendUnavailableException e) {
      throw new ConfigurationException("aloft server: " + e.getMessage());
    }
  }

  /** Creates what is missing; returns the generated admin secret when one was generated. */
  public Optional<String> bootstrap() {
    tokens.defaultAccessTtl(); // the signing key is created with the issuer, on first start
    rules.provision(PlatformAdmin.DEFAULT_NAMESPACE, DefaultRules.forNewNamespace());
    if (accounts
        .find(PlatformAdmin.DEFAULT_NAMESPACE, PlatformAdmin.ADMIN_ACCOUNT_ID)
        .isPresent()) {
      return Optional.empty();
    }
    String secret;
    if (configuredSecret.isPresent()) {
      secret = configuredSecret.get();
      // `aloft server` refuses such a value before start-up (Preflight); this guards other launches
      PlatformAdmin.configuredSecretProblem(secret)
          .ifPresent(
              problem -> {
                throw new IllegalStateException(problem);
              });
    } else {
      secret = SecretHash.generateSecret();
    }
    try {
      accounts.create(
          PlatformAdmin.DEFAULT_NAMESPACE,
          new NewAccount(
              PlatformAdmin.ADMIN_ACCOUNT_ID,
              AccountType.USER,
              List.of(PlatformAdmin.ADMIN_SCOPE),
              Map.of()),
          secret);
    } catch (AccountExistsException raced) {
      return Optional.empty();
    }
    if (configuredSecret.isPresent()) {
      LOG.info(
          "Created the platform admin account 'admin' with the secret from ALOFT_ADMIN_SECRET");
      return Optional.empty();
    }
    Path file = writeSecretFile(secret);
    LOG.infof(
        "Created the platform admin account 'admin'. Its secret, shown only this once and kept"
            + " in %s:%n%n    %s%n",
        file, secret);
    return Optional.of(secret);
  }

  private Path writeSecretFile(String secret) {
    Path file = dataDir.resolve(SECRET_FILE);
    try {
      Files.createDirectories(dataDir);
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin secret to " + file, e);
    }
  }
}
