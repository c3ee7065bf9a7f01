package dev.aloft.builder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.builder.BuildProgress;
import dev.aloft.builder.BuilderSettings;
import dev.aloft.builder.FixtureRepository;
import dev.aloft.builder.GitCredentials;
import dev.aloft.builder.SourceFetchException;
import dev.aloft.builder.SourceRef;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching over ssh from an Apache MINA sshd server on loopback that serves git-upload-pack:
 * password credentials work; a remote caller's fetch offers none of the keys in the ssh folder
 * while a local caller's does; an unknown host key and a wrong password fail clearly, without the
 * secret.
 */
class SshFetchIT {

  private static final String USER = "git";
  private static final String SECRET = "ssh-Passw0rd-value";

  @TempDir static Path shared;
  @TempDir Path work;

  private static FixtureRepository repo;
  private static SshServer server;
  private static PublicKey hostKey;
  private static PublicKey clientKey;
  private static final List<PublicKey> offeredKeys = new CopyOnWriteArrayList<>();

  private Path sshDir;
  private String url;

  @BeforeAll
  static void start() throws Exception {
    repo = FixtureRepository.create(shared);
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider();
    server.setKeyPairProvider(hostKeys);
    server.setPasswordAuthenticator(
        (user, password, session) -> USER.equals(user) && SECRET.equals(password));
    server.setPublickeyAuthenticator(
        (user, key, session) -> {
          offeredKeys.add(key);
          return USER.equals(user) && key.equals(clientKey);
        });
    server.setCommandFactory((channel, command) -> new UploadPackCommand(command));
    server.start();
    hostKey = hostKeys.loadKeys(null).iterator().next().getPublic();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop(true);
    repo.close();
  }

  /** An ssh folder that knows the server's host key and holds a key of "this process's user". */
  @BeforeEach
  void sshFolder() throws Exception {
    offeredKeys.clear();
    sshDir = Files.createDirectories(work.resolve("ssh"));
    int port = server.getPort();
    Files.writeString(
        sshDir.resolve("known_hosts"),
        "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey) + "\n");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    clientKey = pair.getPublic();
    try (OutputStream out = Files.newOutputStream(sshDir.resolve("id_rsa"))) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", null, out);
    }
    url = "ssh://" + USER + "@127.0.0.1:" + port + "/" + repo.bare().getFileName();
  }

  @Test
  void remoteCallerWithPasswordFetchesWithoutOfferingOwnKeys() throws Exception {
    Checkout checkout =
        fetcher()
            .fetch(
                SourceRef.parse(url + "@v1"),
                Optional.of(new GitCredentials(USER, SECRET)),
                true,
                work.resolve("checkout"),
                BuildProgress.NONE);
    assertThat(checkout.commit()).isEqualTo(repo.first());
    assertThat(offeredKeys).as("keys offered by a remote caller's fetch").isEmpty();
  }

  @Test
  void localCallerUsesTheKeysOfTheSshFolder() throws Exception {
    Checkout checkout =
        fetcher()
            .fetch(
                SourceRef.parse(url + "@dev"),
                Optional.empty(),
                false,
                work.resolve("checkout"),
                BuildProgress.NONE);
    assertThat(checkout.commit()).isEqualTo(repo.dev());
    assertThat(offeredKeys).contains(clientKey);
  }

  @Test
  void wrongPasswordFailsWithoutShowingIt() {
    String wrong = "wrong-" + SECRET;
    assertThatThrownBy(
            () ->
                fetcher()
                    .fetch(
                        SourceRef.parse(url + "@v1"),
                        Optional.of(new GitCredentials(USER, wrong)),
                        true,
                        work.resolve("checkout"),
                        BuildProgress.NONE))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageStartingWith("cannot reach git repository ssh://127.0.0.1:")
        .hasMessageNotContaining(wrong)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void unknownHostKeyIsRefused() throws Exception {
    Files.writeString(sshDir.resolve("known_hosts"), "");
    assertThatThrownBy(
            () ->
                fetcher()
                    .fetch(
                        SourceRef.parse(url + "@v1"),
                        Optional.of(new GitCredentials(USER, SECRET)),
                        true,
                        work.resolve("checkout"),
                        BuildProgress.NONE))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageStartingWith("cannot reach git repository ssh://127.0.0.1:")
        .hasMessageNotContaining(SECRET);
  }

  private GitFetcher fetcher() {
    return new GitFetcher(BuilderSettings.defaults().withSshDirectory(sshDir));
  }

  /** {@code git-upload-pack '/name.git'} answered by JGit's UploadPack on the fixture. */
  private static final class UploadPackCommand extends AbstractCommandSupport {
    UploadPackCommand(String command) {
      super(command, null);
    }

    @Override
    public void run() {
      String command = getCommand();
      if (!command.startsWith("git-upload-pack ")) {
        onExit(127, "only git-upload-pack is served here");
        return;
      }
      String path = command.substring("git-upload-pack ".length()).replace("'", "").strip();
      if (!path.endsWith(repo.bare().getFileName().toString())) {
        onExit(128, "no repository " + path);
        return;
      }
      try (Repository repository =
          new FileRepositoryBuilder().setGitDir(repo.bare().toFile()).setMustExist(true).build()) {
        new UploadPack(repository).upload(getInputStream(), getOutputStream(), getErrorStream());
        onExit(0);
      } catch (Exception e) {
        onExit(1, e.getMessage());
      }
    }
  }
}
