package dev.aloft.builder.source;

import dev.aloft.builder.GitCredentials;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes git's error messages safe to show: the secret (and a user name that may be a token) is
 * replaced by {@code ***}, and so is the user information of any URL in the text.
 */
final class Redactor {

  private static final Pattern URL_USERINFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@");

  private final List<String> secrets = new ArrayList<>();

  Redactor(Optional<GitCredentials> credentials) {
    credentials.ifPresent(
        c -> {
          if (!c.secret().isEmpty()) {
            secrets.add(c.secret());
          }
          if (c.secret().isEmpty() && !c.username().isEmpty()) {
            secrets.add(c.username());
          }
        });
  }

  String redact(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, "***");
    }
    return URL_USERINFO.matcher(out).replaceAll("$1***@");
  }

  /** The messages of {@code e} and its causes, without repeats, redacted. */
  String messageOf(Throwable e) {
    Set<String> messages = new LinkedHashSet<>();
    for (Throwable t = e; t != null && messages.size() < 4; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank()) {
        boolean repeated = messages.stream().anyMatch(known -> known.contains(m.strip()));
        if (!repeated) {
          messages.add(m.strip());
        }
      } else if (t.getCause() == null) {
        messages.add(t.getClass().getSimpleName());
      }
    }
    return redact(String.join(": ", messages));
  }
}
