package dev.aloft.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSourcesTest {

  @TempDir Path dir;

  @Test
  void aFolderIsMadeAbsoluteAndAGitUrlIsLeftAsItIs() throws Exception {
    Files.createDirectories(dir.resolve("examples/helloworld"));
    assertThat(ServiceSources.resolve("examples/helloworld/", dir))
        .isEqualTo(dir.resolve("examples/helloworld").toString());
    assertThat(ServiceSources.resolve("./examples/../examples/helloworld", dir))
        .isEqualTo(dir.resolve("examples/helloworld").toString());
    assertThat(ServiceSources.resolve("git://h/r.git//sub@v1", dir))
        .isEqualTo("git://h/r.git//sub@v1");
  }

  @Test
  void theDefaultNameIsTheLastFolder() {
    assertThat(ServiceSources.defaultName("/home/u/examples/helloworld")).isEqualTo("helloworld");
    assertThat(ServiceSources.defaultName("git://127.0.0.1:9418/hello.git@v1")).isEqualTo("hello");
    assertThat(ServiceSources.defaultName("git://127.0.0.1:9418/hello.git")).isEqualTo("hello");
    assertThat(ServiceSources.defaultName("https://git.example/acme/shop.git//orders@v1.2"))
        .isEqualTo("orders");
    assertThat(ServiceSources.defaultName("https://git.example/acme/shop.git//svc/orders/"))
        .isEqualTo("orders");
  }
}
