package dev.aloft.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP load on one URL: POST of a JSON body with a bearer token, a fixed number of connections, as
 * a closed loop. Driven by {@code wrk} (a separate process, pinned with {@code --pin-load}) when it
 * is installed; without it by the JDK's HttpClient in this process (slower; the output says which).
 * wrk's latencies come back as 1000 quantiles per round (from its Lua {@code done} hook), recorded
 * into the round's histogram with the round's request count as their weight.
 */
final class HttpLoad implements Alternation.Side {

  private final URI url;
  private final String body;
  private final String token;
  private final int connections;
  private final Path scratch;
  private final String pin;
  private HttpClient client;

  HttpLoad(URI url, String body, String token, int connections, Path scratch, String pin) {
    this.url = url;
    this.body = body;
    this.token = token;
    this.connections = connections;
    this.scratch = scratch;
    this.pin = pin;
  }

  static boolean wrkInstalled() {
    return Processes.onPath("wrk");
  }

  static String generator() {
    return wrkInstalled() ? "wrk" : "JDK HttpClient (wrk is not installed: apt-get install wrk)";
  }

  @Override
  public Sample round(Duration length) throws Exception {
    return wrkInstalled() ? wrk(length) : jdk(length);
  }

  private Sample wrk(Duration length) throws IOException, InterruptedException {
    Path script = scratch.resolve("gateway-" + connections + ".lua");
    if (!Files.exists(script)) {
      Files.writeString(script, script(), StandardCharsets.UTF_8);
    }
    long seconds = Math.max(1, (length.toMillis() + 999) / 1000);
    List<String> command = new ArrayList<>(BenchOptions.pinned(pin));
    command.addAll(
        List.of(
            "wrk",
            "-t" + Math.min(connections, 2),
            "-c" + connections,
            "-d" + seconds + "s",
            "--timeout",
            "10s",
            "-s",
            script.toString(),
            url.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Sample sample = new Sample();
    List<Long> quantiles = new ArrayList<>();
    StringBuilder output = new StringBuilder();
    long errors = -1;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        output.append(line).append('\n');
        String[] parts = line.trim().split(" ");
        if (parts[0].equals("bench-summary")) {
          sample.operations = Long.parseLong(parts[1]);
          sample.nanos = Long.parseLong(parts[2]) * 1000;
          errors = Long.parseLong(parts[3]);
        } else if (parts[0].equals("bench-q")) {
          quantiles.add(Long.parseLong(parts[1]));
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || errors != 0 || quantiles.isEmpty() || sample.operations == 0) {
      throw new IllegalStateException(
          "wrk failed (exit " + exit + ", " + errors + " errors):\n" + output);
    }
    long weight = Math.max(1, Math.round(sample.operations / (double) quantiles.size()));
    for (long micros : quantiles) {
      sample.latencies.recordValueWithCount(micros * 1000, weight);
    }
    return sample;
  }

  private String script() {
    // the body and token hold no quote or backslash (JSON of ASCII letters, a JWT)
    return "wrk.method = \"POST\"\n"
        + "wrk.body = '"
        + body
        + "'\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
        + "wrk.headers[\"Authorization\"] = \"Bearer "
        + token
        + "\"\n"
        + "done = function(summary, latency, requests)\n"
        + "  local e = summary.errors\n"
        + "  io.write(string.format(\"bench-summary %d %d %d\\n\", summary.requests,"
        + " summary.duration, e.connect + e.read + e.write + e.status + e.timeout))\n"
        + "  for i = 1, 1000 do\n"
        + "    io.write(string.format(\"bench-q %d\\n\", latency:percentile((i - 0.5) / 10)))\n"
        + "  end\n"
        + "end\n";
  }

  private Sample jdk(Duration length) {
    if (client == null) {
      client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return ClosedLoop.run(
        connections,
        length,
        (caller, n) -> {
          HttpResponse<String> response =
              client.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 200) {
            throw new IllegalStateException(
                "HTTP " + response.statusCode() + ": " + response.body());
          }
        });
  }
}
