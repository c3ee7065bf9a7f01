package dev.aloft.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Where a service's source lives: a git repository, a ref in it and a directory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceSource {

  @Required
  @Pattern(ValidationPatterns.GIT_URL)
  @Size(max = 2048)
  @JsonPropertyDescription(
      "Git remote: https://host/path, git://..., ssh://[user@]host/path or user@host:path."
          + " Credentials go in credentialsSecret, never in the URL.")
  private String git;

  @Pattern(ValidationPatterns.GIT_REF)
  @Size(max = 255)
  @JsonPropertyDescription("Branch, tag or commit to build. Absent: the default branch.")
  private String ref;

  @Pattern(ValidationPatterns.SOURCE_PATH)
  @Size(max = 1024)
  @JsonPropertyDescription(
      "Directory of the service inside the repository, relative, without '..'. Absent: the root.")
  private String path;

  @Pattern(ValidationPatterns.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "Secret in the service's namespace with git credentials: keys username and password"
          + " (https) or ssh-privatekey (ssh). Absent: the repository is public.")
  private String credentialsSecret;

  @Min(0)
  @JsonPropertyDescription(
      "Change it to any other value to build the source again: the ref's newest commit is"
          + " fetched and built, and a new image rolls out (aloft update does this). Absent: 0.")
  private Integer rebuildNonce;

  public ServiceSource() {}

  public ServiceSource(String git, String ref, String path, String credentialsSecret) {
    this.git = git;
    this.ref = ref;
    this.path = path;
    this.credentialsSecret = credentialsSecret;
  }

  public String getGit() {
    return git;
  }

  public void setGit(String git) {
    this.git = git;
  }

  public String getRef() {
    return ref;
  }

  public void setRef(String ref) {
    this.ref = ref;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public Integer getRebuildNonce() {
    return rebuildNonce;
  }

  public void setRebuildNonce(Integer rebuildNonce) {
    this.rebuildNonce = rebuildNonce;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceSource s
        && Objects.equals(git, s.git)
        && Objects.equals(ref, s.ref)
        && Objects.equals(path, s.path)
        && Objects.equals(credentialsSecret, s.credentialsSecret)
        && Objects.equals(rebuildNonce, s.rebuildNonce);
  }

  @Override
  public int hashCode() {
    return Objects.hash(git, ref, path, credentialsSecret, rebuildNonce);
  }

  @Override
  public String toString() {
    return "ServiceSource{git=%s, ref=%s, path=%s, credentialsSecret=%s, rebuildNonce=%s}"
        .formatted(git, ref, path, credentialsSecret, rebuildNonce);
  }
}
