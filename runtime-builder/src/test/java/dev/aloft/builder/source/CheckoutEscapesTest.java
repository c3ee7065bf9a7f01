package dev.aloft.builder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aloft.builder.SourceFetchException;
import dev.aloft.builder.SourceRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sub-folder and symbolic-link rules on a checkout folder made by hand. */
class CheckoutEscapesTest {

  @TempDir Path temp;
  private Path checkout;
  private Path outside;

  @BeforeEach
  void layout() throws Exception {
    checkout = Files.createDirectories(temp.resolve("checkout"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("pom.xml"), "<project/>");
    Files.createDirectories(checkout.resolve("services/orders"));
    Files.writeString(checkout.resolve("services/orders/pom.xml"), "<project/>");
    Files.createDirectories(checkout.resolve(".git"));
  }

  @Test
  void subFolderResolvesInsideTheCheckout() throws Exception {
    assertThat(CheckoutEscapes.serviceDir(checkout, Optional.empty(), "repo"))
        .isEqualTo(checkout.toRealPath());
    assertThat(CheckoutEscapes.serviceDir(checkout, Optional.of("services/orders"), "repo"))
        .isEqualTo(checkout.resolve("services/orders").toRealPath());
    assertThat(CheckoutEscapes.serviceDir(checkout, Optional.of("services/x/../orders"), "repo"))
        .isEqualTo(checkout.resolve("services/orders").toRealPath());
  }

  @Test
  void dotDotOutOfTheCheckoutIsRefused() {
    assertThatThrownBy(
            () -> CheckoutEscapes.serviceDir(checkout, Optional.of("services/../../outside"), "r"))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("sub-folder 'services/../../outside' escapes the repository");
  }

  @Test
  void symlinkedSubFolderPointingOutsideIsRefused() throws Exception {
    Files.createSymbolicLink(checkout.resolve("svc"), outside);
    assertThatThrownBy(() -> CheckoutEscapes.serviceDir(checkout, Optional.of("svc"), "r"))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("sub-folder 'svc' escapes the repository through a symbolic link");
  }

  @Test
  void symlinkedSubFolderInsideIsFine() throws Exception {
    Files.createSymbolicLink(checkout.resolve("orders"), Path.of("services/orders"));
    assertThat(CheckoutEscapes.serviceDir(checkout, Optional.of("orders"), "r"))
        .isEqualTo(checkout.resolve("services/orders").toRealPath());
  }

  @Test
  void missingSubFolderIsAFetchError() {
    assertThatThrownBy(
            () -> CheckoutEscapes.serviceDir(checkout, Optional.of("nope"), "git://h/r.git@main"))
        .isInstanceOf(SourceFetchException.class)
        .hasMessage("sub-folder 'nope' does not exist in git://h/r.git@main");
  }

  @Test
  void gitMetadataIsNotAServiceFolder() {
    assertThatThrownBy(() -> CheckoutEscapes.serviceDir(checkout, Optional.of(".git"), "r"))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining(".git");
  }

  @Test
  void linkPointingOutsideAnywhereInTheCheckoutIsRefused() throws Exception {
    Files.createSymbolicLink(
        checkout.resolve("services/orders/secrets"), outside.resolve("pom.xml"));
    Path service = checkout.resolve("services/orders").toRealPath();
    assertThatThrownBy(() -> CheckoutEscapes.checkLinks(checkout, service))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("symbolic link 'services/orders/secrets' points outside");
  }

  @Test
  void relativeLinkClimbingOutIsRefusedEvenWhenDangling() throws Exception {
    Files.createSymbolicLink(checkout.resolve("up"), Path.of("../../../../no-such-thing"));
    assertThatThrownBy(() -> CheckoutEscapes.checkLinks(checkout, checkout.toRealPath()))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("symbolic link 'up' points outside");
  }

  @Test
  void symlinkedPomIsRefusedEvenInside() throws Exception {
    Path svc = Files.createDirectories(checkout.resolve("svc"));
    Files.createSymbolicLink(svc.resolve("pom.xml"), Path.of("../services/orders/pom.xml"));
    assertThatThrownBy(() -> CheckoutEscapes.checkLinks(checkout, svc.toRealPath()))
        .isInstanceOf(SourceRefusedException.class)
        .hasMessageContaining("pom.xml in 'svc' is a symbolic link");
  }

  @Test
  void linksInsideAreFine() throws Exception {
    Files.createSymbolicLink(checkout.resolve("orders"), Path.of("services/orders"));
    Files.createSymbolicLink(checkout.resolve("dangling"), Path.of("services/not-yet"));
    assertThatCode(() -> CheckoutEscapes.checkLinks(checkout, checkout.toRealPath()))
        .doesNotThrowAnyException();
  }
}
