package dev.aloft.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Parsing of {@code git-url[//sub/folder][@ref]} and local folders, and its error messages. */
class SourceRefTest {

  @Test
  void httpsUrlWithSubFolderAndTag() {
    SourceRef ref = SourceRef.parse("https://git.example/acme/shop.git//orders@v1.2");
    assertThat(ref.kind()).isEqualTo(SourceRef.Kind.GIT);
    assertThat(ref.scheme()).isEqualTo("https");
    assertThat(ref.host()).contains("git.example");
    assertThat(ref.fetchUrl()).isEqualTo("https://git.example/acme/shop.git");
    assertThat(ref.subFolder()).contains("orders");
    assertThat(ref.ref()).contains("v1.2");
    assertThat(ref.refLooksLikeCommit()).isFalse();
    assertThat(ref).hasToString("https://git.example/acme/shop.git//orders@v1.2");
  }

  @Test
  void gitUrlWithPortNestedSubFolderAndBranch() {
    SourceRef ref = SourceRef.parse("git://127.0.0.1:9418/shop.git//services/orders/@feature/x");
    assertThat(ref.scheme()).isEqualTo("git");
    assertThat(ref.host()).contains("127.0.0.1");
    assertThat(ref.fetchUrl()).isEqualTo("git://127.0.0.1:9418/shop.git");
    assertThat(ref.subFolder()).contains("services/orders");
    assertThat(ref.ref()).contains("feature/x");
  }

  @Test
  void plainUrlHasNoSubFolderNorRef() {
    SourceRef ref = SourceRef.parse("https://git.example/acme/shop.git");
    assertThat(ref.subFolder()).isEmpty();
    assertThat(ref.ref()).isEmpty();
    assertThat(ref.urlCredentials()).isEmpty();
  }

  @Test
  void commitIdsFullAndAbbreviated() {
    assertThat(SourceRef.parse("https://h.example/r.git@3f2a9c1").refLooksLikeCommit()).isTrue();
    assertThat(
            SourceRef.parse("https://h.example/r.git@3f2a9c1e3f2a9c1e3f2a9c1e3f2a9c1e3f2a9c1e")
                .refLooksLikeCommit())
        .isTrue();
    assertThat(SourceRef.parse("https://h.example/r.git@main").refLooksLikeCommit()).isFalse();
  }

  @Test
  void sshUrlKeepsTheLoginButNotThePassword() {
    SourceRef ref = SourceRef.parse("ssh://git:pa%24%24@git.example:2222/acme/shop.git@main");
    assertThat(ref.scheme()).isEqualTo("ssh");
    assertThat(ref.fetchUrl()).isEqualTo("ssh://git@git.example:2222/acme/shop.git");
    assertThat(ref.displayUrl()).isEqualTo("ssh://git.example:2222/acme/shop.git");
    assertThat(ref.urlCredentials()).contains(new GitCredentials("git", "pa$$"));
    assertThat(ref.toString())
        .doesNotContain("pa$$")
        .doesNotContain("pa%24%24")
        .doesNotContain("@git.");
  }

  @Test
  void scpLikeIsSsh() {
    SourceRef ref = SourceRef.parse("git@github.com:acme/shop.git//orders@v2");
    assertThat(ref.scheme()).isEqualTo("ssh");
    assertThat(ref.host()).contains("github.com");
    assertThat(ref.fetchUrl()).isEqualTo("git@github.com:acme/shop.git");
    assertThat(ref.subFolder()).contains("orders");
    assertThat(ref.ref()).contains("v2");
  }

  @Test
  void httpsUserInfoBecomesCredentialsAndNeverShows() {
    SourceRef ref = SourceRef.parse("https://alice:t0ps3cret@git.example/acme/shop.git@main");
    assertThat(ref.fetchUrl()).isEqualTo("https://git.example/acme/shop.git");
    assertThat(ref.urlCredentials()).contains(new GitCredentials("alice", "t0ps3cret"));
    assertThat(ref.toString()).doesNotContain("t0ps3cret").doesNotContain("alice");

    SourceRef token = SourceRef.parse("https://ghp_tokenvalue@git.example/acme/shop.git");
    assertThat(token.fetchUrl()).isEqualTo("https://git.example/acme/shop.git");
    assertThat(token.urlCredentials()).contains(new GitCredentials("ghp_tokenvalue", ""));
    assertThat(token.toString()).doesNotContain("ghp_tokenvalue");
  }

  @Test
  void withoutSchemeAHostNameMeansHttps() {
    SourceRef ref = SourceRef.parse("git.example/acme/shop.git//orders@v1");
    assertThat(ref.scheme()).isEqualTo("https");
    assertThat(ref.fetchUrl()).isEqualTo("https://git.example/acme/shop.git");
    assertThat(ref.subFolder()).contains("orders");
  }

  @Test
  void githubShorthandSplitsRepositoryAndSubFolderAsMicroDid() {
    SourceRef ref = SourceRef.parse("github.com/acme/shop/orders/api@v1");
    assertThat(ref.fetchUrl()).isEqualTo("https://github.com/acme/shop");
    assertThat(ref.subFolder()).contains("orders/api");
    assertThat(ref.ref()).contains("v1");

    SourceRef whole = SourceRef.parse("github.com/acme/shop");
    assertThat(whole.fetchUrl()).isEqualTo("https://github.com/acme/shop");
    assertThat(whole.subFolder()).isEmpty();
  }

  @Test
  void localFolders() {
    for (String s :
        new String[] {"./svc", "/abs/svc", "../svc", ".", "examples/helloworld", "svc"}) {
      SourceRef ref = SourceRef.parse(s);
      assertThat(ref.isLocal()).as(s).isTrue();
      assertThat(ref.localPath()).isEqualTo(Path.of(s));
      assertThat(ref.host()).isEmpty();
      assertThat(ref).hasToString(s);
    }
  }

  @Test
  void fileUrl() {
    SourceRef ref = SourceRef.parse("file:///srv/git/shop.git//orders@main");
    assertThat(ref.scheme()).isEqualTo("file");
    assertThat(ref.host()).isEmpty();
    assertThat(ref.fetchUrl()).isEqualTo("file:///srv/git/shop.git");
    assertThat(ref.subFolder()).contains("orders");
  }

  @Test
  void errorsNameThePart() {
    assertError("", "empty");
    assertError("   ", "empty");
    assertError("ftp://h.example/r.git", "scheme 'ftp'");
    assertError("https://h.example/r.git@", "ref after '@' is empty");
    assertError("https://h.example/r.git@-x", "ref '-x'");
    assertError("https://h.example/r.git@a..b", "ref 'a..b'");
    assertError("https://h.example/r.git//@main", "sub-folder after '//' is empty");
    assertError("https://h.example/r.git///etc@main", "sub-folder '/etc' must be relative");
    assertError("https://h.example", "no repository path");
    assertError("https:///r.git", "no host");
    assertError("https://h.example:80a/r.git", "port '80a'");
    assertError("https://h.exa mple/r.git", "whitespace");
    assertError("file://server/r.git", "host 'server'");
  }

  private static void assertError(String source, String part) {
    assertThatThrownBy(() -> SourceRef.parse(source))
        .as(source)
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining(part);
  }
}
