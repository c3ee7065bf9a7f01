package dev.aloft.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The writes the API server answered (its {@code apiserver_request_total} counter, verbs POST, PUT,
 * PATCH and DELETE), by resource and verb: read before and after a side of a benchmark, their
 * difference says how many writes that side cost the cluster, whoever made them (the operator, the
 * controllers that follow it, the benchmark itself).
 */
final class ApiServerWrites {

  private static final Pattern SAMPLE =
      Pattern.compile("^apiserver_request_total\\{([^}]*)\\} ([0-9.e+]+)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final Map<String, Long> counts;

  private ApiServerWrites(Map<String, Long> counts) {
    this.counts = counts;
  }

  /** The counts now, from the API server's {@code /metrics}. */
  static ApiServerWrites read(KubernetesClient client) {
    String metrics = client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + "/metrics");
    if (metrics == null) {
      throw new IllegalStateException("the API server's /metrics answered nothing");
    }
    Map<String, Long> counts = new TreeMap<>();
    Matcher sample = SAMPLE.matcher(metrics);
    while (sample.find()) {
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(sample.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String verb = labels.getOrDefault("verb", "");
      if (!verb.equals("POST")
          && !verb.equals("PUT")
          && !verb.equals("PATCH")
          && !verb.equals("DELETE")) {
        continue;
      }
      String group = labels.getOrDefault("group", "");
      String resource =
          labels.getOrDefault("resource", "?")
              + (group.isEmpty() ? "" : "." + group)
              + (labels.getOrDefault("subresource", "").isEmpty()
                  ? ""
                  : "/" + labels.get("subresource"));
      counts.merge(resource + " " + verb, (long) Double.parseDouble(sample.group(2)), Long::sum);
    }
    return new ApiServerWrites(counts);
  }

  /** The writes between BEFORE and this reading, largest first, per OBJECTS objects. */
  String since(ApiServerWrites before, int objects) {
    Map<String, Long> delta = new TreeMap<>();
    counts.forEach(
        (key, now) -> {
          long diff = now - before.counts.getOrDefault(key, 0L);
          if (diff > 0) {
            delta.put(key, diff);
          }
        });
    long total = delta.values().stream().mapToLong(Long::longValue).sum();
    return String.format(
            Locale.ROOT, "%d writes (%.1f per object): ", total, total / (double) objects)
        + delta.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }
}
