package dev.aloft.builder;

import java.nio.file.Path;
import java.util.Map;

/**
 * The git daemon that infra/up started (git://127.0.0.1:9418), as infra.env describes it: its base
 * URL and the folder of bare repositories it serves ({@link InfraEnv}).
 */
public final class GitDaemon {

  private final String baseUrl;
  private final Path reposDir;

  private GitDaemon(String baseUrl, Path reposDir) {
    this.baseUrl = baseUrl;
    this.reposDir = reposDir;
  }

  public static GitDaemon fromInfra() {
    Map<String, String> values = InfraEnv.infra();
    return new GitDaemon(
        InfraEnv.require(values, "ALOFT_GIT_BASE_URL"),
        Path.of(InfraEnv.require(values, "ALOFT_GIT_REPOS_DIR")));
  }

  /** git://host:port/name */
  public String url(String repository) {
    return baseUrl + "/" + repository;
  }

  public Path reposDir() {
    return reposDir;
  }
}
