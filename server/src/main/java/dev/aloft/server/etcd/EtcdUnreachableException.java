package dev.aloft.server.etcd;

import java.util.List;

/** etcd did not answer at start; the message is the one line a user sees. */
public final class EtcdUnreachableException extends RuntimeException {

  /** What went wrong with one endpoint. */
  public record Attempt(String endpoint, String reason) {}

  public EtcdUnreachableException(List<Attempt> attempts) {
    super(message(attempts));
  }

  private static String message(List<Attempt> attempts) {
    String where =
        attempts.size() == 1
            ? attempts.get(0).endpoint() + " is unreachable (" + attempts.get(0).reason() + ")"
            : String.join(
                    ", ",
                    attempts.stream().map(a -> a.endpoint() + " (" + a.reason() + ")").toList())
                + " is unreachable";
    return "etcd at " + where + "; start it (infra/up) or set aloft.etcd.endpoints";
  }
}
