package dev.aloft.builder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed, validated source: a local folder, or a git repository with an optional sub-folder and
 * ref. The syntax follows Micro's {@code micro run}:
 *
 * <ul>
 *   <li>{@code git-url[//sub/folder][@ref]} with a {@code https}, {@code http}, {@code ssh}, {@code
 *       git} or {@code file} URL, or scp-like {@code [user@]host:path}; ref is a branch, a tag or a
 *       commit id (full or abbreviated);
 *   <li>{@code host.name/path[//sub][@ref]} without a scheme is https; on {@code github.com} the
 *       first two path segments name the repository and the rest is the sub-folder, as in Micro
 *       ({@code github.com/acme/shop/orders@v1});
 *   <li>anything else is a local folder: {@code /abs/dir}, {@code ./dir}, {@code ../dir}, or a
 *       relative path whose first segment has no dot ({@code examples/helloworld}); it is taken
 *       literally (no sub-folder or ref syntax).
 * </ul>
 *
 * <p>User information in a URL ({@code https://user:token@host/...}) is taken out of the URL and
 * kept as {@link #urlCredentials()}; {@link #toString()} and {@link #displayUrl()} never show it.
 */
public final class SourceRef {

  /** What kind of source this is. */
  public enum Kind {
    LOCAL,
    GIT
  }

  private static final Set<String> SCHEMES = Set.of("https", "http", "ssh", "git", "file");
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:([^@/:]+)@)?([^/:@]+):(.*)$");
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9._/+-]+");
  private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{4,40}");

  private final String source;
  private final Kind kind;
  private final Path localPath;
  private final String scheme;
  private final String fetchUrl;
  private final String displayUrl;
  private final String host;
  private final Optional<String> subFolder;
  private final Optional<String> ref;
  private final Optional<GitCredentials> urlCredentials;

  private SourceRef(
      String source,
      Kind kind,
      Path localPath,
      String scheme,
      String fetchUrl,
      String displayUrl,
      String host,
      Optional<String> subFolder,
      Optional<String> ref,
      Optional<GitCredentials> urlCredentials) {
    this.source = source;
    this.kind = kind;
    this.localPath = localPath;
    this.scheme = scheme;
    this.fetchUrl = fetchUrl;
    this.displayUrl = displayUrl;
    this.host = host;
    this.subFolder = subFolder;
    this.ref = ref;
    this.urlCredentials = urlCredentials;
  }

  /**
   * Parses a source string.
   *
   * @throws InvalidSourceException naming the part that is wrong
   */
  public static SourceRef parse(String source) {
    if (source == null || source.isBlank()) {
      throw new InvalidSourceException(
          "the source is empty: give a local folder or a git URL such as"
              + " https://git.example/acme/shop.git//orders@v1");
    }
    String s = source.strip();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new InvalidSourceException(
            "the source contains whitespace or a control character at position " + (i + 1));
      }
    }
    Matcher scheme = SCHEME.matcher(s);
    if (scheme.find()) {
      return parseUrl(s, scheme.group(1).toLowerCase(Locale.ROOT), s.substring(scheme.end()));
    }
    if (s.startsWith("/")
        || s.startsWith("./")
        || s.startsWith("../")
        || s.equals(".")
        || s.equals("..")
        || s.startsWith("~")) {
      return local(s);
    }
    Matcher scp = SCP_LIKE.matcher(s);
    if (scp.matches() && !scp.group(2).contains("/")) {
      return parseScpLike(s, scp.group(1), scp.group(2), scp.group(3));
    }
    String first = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
    if (first.contains(".") && !first.chars().allMatch(c -> c == '.') && s.contains("/")) {
      return parseHostForm(s, first, s.substring(first.length()));
    }
    return local(s);
  }

  private static SourceRef local(String s) {
    try {
      return new SourceRef(
          s,
          Kind.LOCAL,
          Path.of(s),
          null,
          null,
          null,
          null,
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    } catch (InvalidPathException e) {
      throw new InvalidSourceException("the local folder '" + s + "' is not a valid path");
    }
  }

  private static SourceRef parseUrl(String s, String scheme, String rest) {
    if (!SCHEMES.contains(scheme)) {
      throw new InvalidSourceException(
          "the scheme '"
              + scheme
              + "' is not supported: use https, http, ssh or git (or file for a local repository)");
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String pathPart = slash < 0 ? "" : rest.substring(slash);
    String userinfo = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      userinfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
    }
    String host;
    if (scheme.equals("file")) {
      if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
        throw new InvalidSourceException(
            "the file URL names host '" + authority + "': write file:///path/to/repo");
      }
      if (userinfo != null) {
        throw new InvalidSourceException("the file URL has user information; remove it");
      }
      authority = "";
      host = null;
    } else {
      host = hostOf(authority);
    }
    Parts parts = splitPath(pathPart, false);
    Optional<GitCredentials> credentials = Optional.empty();
    String loginUser = null;
    if (userinfo != null) {
      int colon = userinfo.indexOf(':');
      String user = decode(colon < 0 ? userinfo : userinfo.substring(0, colon), "user name");
      String password = colon < 0 ? null : decode(userinfo.substring(colon + 1), "password");
      if (scheme.equals("ssh")) {
        loginUser = userinfo.substring(0, colon < 0 ? userinfo.length() : colon);
        if (password != null) {
          credentials = Optional.of(new GitCredentials(user, password));
        }
      } else {
        // For http(s) and git a lone user name is often a token: treat all of it as secret.
        credentials = Optional.of(new GitCredentials(user, password == null ? "" : password));
      }
    }
    String display = scheme + "://" + authority + parts.repository;
    String fetch =
        scheme + "://" + (loginUser == null ? "" : loginUser + "@") + authority + parts.repository;
    return new SourceRef(
        s, Kind.GIT, null, scheme, fetch, display, host, parts.subFolder, parts.ref, credentials);
  }

  private static SourceRef parseScpLike(String s, String user, String host, String path) {
    Parts parts = splitPath(path, true);
    String display = host + ":" + parts.repository;
    String fetch = (user == null ? "" : user + "@") + display;
    return new SourceRef(
        s,
        Kind.GIT,
        null,
        "ssh",
        fetch,
        display,
        host.toLowerCase(Locale.ROOT),
        parts.subFolder,
        parts.ref,
        Optional.empty());
  }

  private static SourceRef parseHostForm(String s, String authority, String pathPart) {
    String host = hostOf(authority);
    Parts parts = splitPath(pathPart, false);
    String repository = parts.repository;
    Optional<String> subFolder = parts.subFolder;
    if (host.equals("github.com") && subFolder.isEmpty()) {
      List<String> segments = new ArrayList<>();
      for (String segment : repository.split("/")) {
        if (!segment.isEmpty()) {
          segments.add(segment);
        }
      }
      if (segments.size() > 2) {
        repository = "/" + segments.get(0) + "/" + segments.get(1);
        subFolder = Optional.of(String.join("/", segments.subList(2, segments.size())));
      }
    }
    String url = "https://" + authority + repository;
    return new SourceRef(
        s, Kind.GIT, null, "https", url, url, host, subFolder, parts.ref, Optional.empty());
  }

  private static String hostOf(String authority) {
    String host;
    String port = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new InvalidSourceException("the host '" + authority + "' has no closing ']'");
      }
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new InvalidSourceException("the host '" + authority + "' is malformed");
        }
        port = after.substring(1);
      }
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? null : authority.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new InvalidSourceException("the git URL has no host");
    }
    if (!host.matches("[A-Za-z0-9._:-]+")) {
      throw new InvalidSourceException("the host '" + host + "' is not a valid host name");
    }
    if (port != null && !port.matches("[0-9]{1,5}")) {
      throw new InvalidSourceException("the port '" + port + "' is not a number");
    }
    return host.toLowerCase(Locale.ROOT);
  }

  private record Parts(String repository, Optional<String> subFolder, Optional<String> ref) {}

  /** Splits {@code /repo/path[//sub/folder][@ref]}. */
  private static Parts splitPath(String path, boolean relativeAllowed) {
    Optional<String> ref = Optional.empty();
    int at = path.lastIndexOf('@');
    if (at >= 0) {
      String r = path.substring(at + 1);
      path = path.substring(0, at);
      ref = Optional.of(validRef(r));
    }
    Optional<String> subFolder = Optional.empty();
    int start = relativeAllowed ? 0 : 1;
    int sep = path.indexOf("//", start);
    if (sep >= 0) {
      String sub = path.substring(sep + 2);
      path = path.substring(0, sep);
      while (sub.endsWith("/")) {
        sub = sub.substring(0, sub.length() - 1);
      }
      if (sub.isEmpty()) {
        throw new InvalidSourceException("the sub-folder after '//' is empty");
      }
      if (sub.startsWith("/")) {
        throw new InvalidSourceException(
            "the sub-folder '" + sub + "' must be relative to the repository");
      }
      if (sub.contains("\\")) {
        throw new InvalidSourceException(
            "the sub-folder '" + sub + "' contains '\\'; separate folders with '/'");
      }
      subFolder = Optional.of(sub);
    }
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty() || path.equals("/")) {
      throw new InvalidSourceException("the git URL has no repository path");
    }
    return new Parts(path, subFolder, ref);
  }

  private static String validRef(String ref) {
    if (ref.isEmpty()) {
      throw new InvalidSourceException("the ref after '@' is empty: give a branch, tag or commit");
    }
    if (!REF.matcher(ref).matches()
        || ref.startsWith("-")
        || ref.startsWith("/")
        || ref.endsWith("/")
        || ref.endsWith(".lock")
        || ref.contains("..")
        || ref.contains("//")) {
      throw new InvalidSourceException(
          "the ref '" + ref + "' is not a valid branch, tag or commit id");
    }
    return ref;
  }

  private static String decode(String s, String what) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new InvalidSourceException("the " + what + " in the URL has a broken %-escape");
        }
        try {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        } catch (NumberFormatException e) {
          throw new InvalidSourceException("the " + what + " in the URL has a broken %-escape");
        }
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isLocal() {
    return kind == Kind.LOCAL;
  }

  /** The local folder, as given (relative paths are relative to the process's directory). */
  public Path localPath() {
    requireKind(Kind.LOCAL);
    return localPath;
  }

  /** {@code https}, {@code http}, {@code ssh} (also for scp-like), {@code git} or {@code file}. */
  public String scheme() {
    requireKind(Kind.GIT);
    return scheme;
  }

  /** The lower-case host name; empty for {@code file} URLs and local folders. */
  public Optional<String> host() {
    return Optional.ofNullable(host);
  }

  /** The repository URL given to git: no password or token, an ssh login name kept. */
  public String fetchUrl() {
    requireKind(Kind.GIT);
    return fetchUrl;
  }

  /** The repository URL without any user information: what messages and logs show. */
  public String displayUrl() {
    requireKind(Kind.GIT);
    return displayUrl;
  }

  public Optional<String> subFolder() {
    return subFolder;
  }

  public Optional<String> ref() {
    return ref;
  }

  /** True when the ref can only be a commit id (hex, 4 to 40 digits). */
  public boolean refLooksLikeCommit() {
    return ref.map(r -> COMMIT_ID.matcher(r).matches()).orElse(false);
  }

  /** User name and password or token that the URL held, taken out of it. */
  public Optional<GitCredentials> urlCredentials() {
    return urlCredentials;
  }

  private void requireKind(Kind wanted) {
    if (kind != wanted) {
      throw new IllegalStateException("source " + this + " is " + kind + ", not " + wanted);
    }
  }

  /** The source as given for a local folder; for git, the URL without user information. */
  @Override
  public String toString() {
    if (kind == Kind.LOCAL) {
      return source;
    }
    return displayUrl
        + subFolder.map(sub -> "//" + sub).orElse("")
        + ref.map(r -> "@" + r).orElse("");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceRef other
        && kind == other.kind
        && Objects.equals(localPath, other.localPath)
        && Objects.equals(fetchUrl, other.fetchUrl)
        && subFolder.equals(other.subFolder)
        && ref.equals(other.ref)
        && urlCredentials.equals(other.urlCredentials);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, localPath, fetchUrl, subFolder, ref);
  }
}
