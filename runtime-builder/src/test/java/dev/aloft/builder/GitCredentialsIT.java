package dev.aloft.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials, end to end over smart HTTP: git's own {@code git http-backend} behind a small HTTP
 * server that demands Basic authentication. The right credentials (given, or in the URL) fetch;
 * wrong or missing ones fail with a clear message; and the secret is in no message and no log
 * record (every logger, at every level, while the fetch runs).
 */
class GitCredentialsIT {

  private static final String USER = "alice";
  private static final String SECRET = "Sup3r-s3cret-token";

  @TempDir static Path shared;
  @TempDir Path work;

  private static FixtureRepository repo;
  private static HttpServer server;
  private static String url;
  private static final List<String> authorizations = new CopyOnWriteArrayList<>();

  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
          logged.add(formatter.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level rootLevel;

  private final ServiceBuilder builder =
      new ServiceBuilder(
          BuilderSettings.defaults()
              .withMavenCommand(List.of(ServiceBuilderIT.aloftMvnw().toString()))
              .withMavenOffline(true));

  @BeforeAll
  static void start() throws Exception {
    repo = FixtureRepository.create(shared);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", GitCredentialsIT::serve);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repo.bare().getFileName();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop(0);
    repo.close();
  }

  @BeforeEach
  void captureLogs() {
    Logger root = Logger.getLogger("");
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    authorizations.clear();
  }

  @AfterEach
  void releaseLogs() {
    Logger root = Logger.getLogger("");
    root.removeHandler(capture);
    root.setLevel(rootLevel);
  }

  @Test
  void givenCredentialsFetchAndBuild() throws Exception {
    BuildResult result =
        builder.build(
            new BuildRequest(
                url + "//hello@v1", Optional.of(new GitCredentials(USER, SECRET)), true, work),
            BuildProgress.NONE);
    assertThat(result.commit()).contains(repo.first());
    assertThat(authorizations).contains(basic(USER, SECRET));
    assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(SECRET));
  }

  @Test
  void credentialsInTheUrlFetchAndNeverShow() throws Exception {
    String withUserInfo = url.replace("http://", "http://" + USER + ":" + SECRET + "@");
    BuildResult result =
        builder.build(
            new BuildRequest(withUserInfo + "//hello@v1", Optional.empty(), true, work),
            BuildProgress.NONE);
    assertThat(result.commit()).contains(repo.first());
    assertThat(authorizations).contains(basic(USER, SECRET));
    assertThat(logged)
        .isNotEmpty()
        .noneMatch(line -> line.contains(SECRET))
        .noneMatch(line -> line.contains(USER + ":"));
  }

  @Test
  void wrongSecretFailsWithoutShowingIt() {
    String wrong = "Wr0ng-" + SECRET;
    assertThatThrownBy(
            () ->
                builder.build(
                    new BuildRequest(
                        url + "@v1", Optional.of(new GitCredentials(USER, wrong)), true, work),
                    BuildProgress.NONE))
        .isInstanceOfSatisfying(
            SourceFetchException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith("cannot reach git repository " + url + ": ")
                  .containsIgnoringCase("not authorized")
                  .doesNotContain(wrong)
                  .doesNotContain(SECRET);
              assertThat(e.toString()).doesNotContain(wrong);
            });
    assertThat(authorizations).contains(basic(USER, wrong));
    assertThat(logged).noneMatch(line -> line.contains(wrong));
  }

  @Test
  void wrongSecretInTheUrlFailsWithoutShowingIt() {
    String wrong = "Wr0ng-" + SECRET;
    String withUserInfo = url.replace("http://", "http://" + USER + ":" + wrong + "@");
    assertThatThrownBy(
            () ->
                builder.build(
                    new BuildRequest(withUserInfo + "@v1", Optional.empty(), true, work),
                    BuildProgress.NONE))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageNotContaining(wrong)
        .hasMessageNotContaining(USER + ":");
    assertThat(logged).noneMatch(line -> line.contains(wrong));
  }

  @Test
  void missingCredentialsSaySo() {
    assertThatThrownBy(
            () ->
                builder.build(
                    new BuildRequest(url + "@v1", Optional.empty(), true, work),
                    BuildProgress.NONE))
        .isInstanceOf(SourceFetchException.class)
        .hasMessageStartingWith("cannot reach git repository " + url + ": ")
        .hasMessageContainingAll("uthentication", "required");
  }

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** Basic authentication in front of git http-backend as CGI. */
  private static void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(authorization == null ? "" : authorization);
      if (!basic(USER, SECRET).equals(authorization)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"aloft-test\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      URI uri = exchange.getRequestURI();
      ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
      Map<String, String> env = cgi.environment();
      env.put("GIT_PROJECT_ROOT", repo.bare().getParent().toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("REQUEST_METHOD", exchange.getRequestMethod());
      env.put("PATH_INFO", uri.getPath());
      env.put("QUERY_STRING", uri.getRawQuery() == null ? "" : uri.getRawQuery());
      env.put("CONTENT_LENGTH", Integer.toString(body.length));
      env.put("REMOTE_USER", USER);
      env.put("REMOTE_ADDR", "127.0.0.1");
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type != null) {
        env.put("CONTENT_TYPE", type);
      }
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      if (encoding != null) {
        env.put("HTTP_CONTENT_ENCODING", encoding);
      }
      String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
      if (protocol != null) {
        env.put("GIT_PROTOCOL", protocol);
      }
      Process process = cgi.start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(body);
      }
      byte[] out = process.getInputStream().readAllBytes();
      int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      int skip = 4;
      if (split < 0) {
        split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
        skip = 2;
      }
      int status = 200;
      List<String> headers = new ArrayList<>();
      for (String line :
          new String(out, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1).split("\r?\n")) {
        headers.add(line);
      }
      for (String header : headers) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = header.substring(0, colon).strip();
        String value = header.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      if (split >= 0) {
        rest.write(out, split + skip, out.length - split - skip);
      }
      byte[] response = rest.toByteArray();
      exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        exchange.getResponseBody().write(response);
      }
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
