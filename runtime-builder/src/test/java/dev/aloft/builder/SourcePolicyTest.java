package dev.aloft.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refusals that need no network, through {@link ServiceBuilder#build}: each is a {@link
 * SourceRefusedException} whose message names the rule and the value, raised before anything is
 * fetched or built.
 */
class SourcePolicyTest {

  @TempDir Path work;

  private final ServiceBuilder anyHost = new ServiceBuilder(BuilderSettings.defaults());
  private final ServiceBuilder allowList =
      new ServiceBuilder(
          BuilderSettings.defaults().withAllowedHosts(Set.of("git.example.com", "*.corp.example")));

  @Test
  void remoteCallersMayNotNameLocalFolders() {
    assertRefused(
        anyHost, "./svc", true, "local folders are not allowed for remote callers", "./svc");
    assertRefused(
        anyHost, "/etc", true, "local folders are not allowed for remote callers", "/etc");
  }

  @Test
  void remoteCallersMayNotUseFileUrls() {
    assertRefused(
        anyHost,
        "file:///srv/git/shop.git@main",
        true,
        "file:// URLs are not allowed for remote callers",
        "file:///srv/git/shop.git");
  }

  @Test
  void hostsOutsideTheAllowListAreRefused() {
    assertRefused(
        allowList,
        "git://127.0.0.1:9418/shop.git",
        false,
        "git host '127.0.0.1' is not on the allowed hosts list",
        "*.corp.example, git.example.com");
    assertRefused(
        allowList,
        "https://corp.example/shop.git",
        false,
        "git host 'corp.example' is not on the allowed hosts list");
    assertRefused(allowList, "git@evil.example:acme/shop.git", true, "git host 'evil.example'");
  }

  @Test
  void allowListMatchesHostsAndSubDomainPatterns() {
    BuilderSettings settings = allowList.settings();
    assertThat(settings.allowsHost("git.example.com")).isTrue();
    assertThat(settings.allowsHost("GIT.EXAMPLE.COM")).isTrue();
    assertThat(settings.allowsHost("build.corp.example")).isTrue();
    assertThat(settings.allowsHost("corp.example")).isFalse();
    assertThat(settings.allowsHost("git.example.com.evil.example")).isFalse();
  }

  @Test
  void subFoldersThatClimbOutAreRefusedBeforeFetching() {
    assertRefused(
        anyHost,
        "git://127.0.0.1:1/shop.git//../../etc@main",
        false,
        "sub-folder '../../etc' escapes the repository");
    assertRefused(
        anyHost,
        "git://127.0.0.1:1/shop.git//orders/../../x@main",
        false,
        "sub-folder 'orders/../../x' escapes the repository");
  }

  @Test
  void malformedSourcesAreRefusedNamingThePart() {
    assertRefused(anyHost, "ftp://h.example/r.git", false, "invalid source: the scheme 'ftp'");
    assertRefused(anyHost, "https://h.example/r.git@", false, "invalid source: the ref after '@'");
  }

  private void assertRefused(
      ServiceBuilder builder, String source, boolean remote, String... parts) {
    BuildRequest request = new BuildRequest(source, Optional.empty(), remote, work);
    var thrown =
        assertThatThrownBy(() -> builder.build(request, BuildProgress.NONE))
            .as(source)
            .isInstanceOf(SourceRefusedException.class);
    for (String part : parts) {
      thrown.hasMessageContaining(part);
    }
  }
}
