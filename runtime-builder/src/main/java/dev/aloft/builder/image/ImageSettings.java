package dev.aloft.builder.image;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link ServiceImage} makes and pushes images.
 *
 * @param baseImage the image services run on (a JRE 17, {@code java} on the {@code PATH}), e.g.
 *     {@code 127.0.0.1:5000/aloft/jre:17}; configuration, never a built-in default
 * @param allowInsecureRegistries allow plain HTTP (and unverified TLS) for the base and the target
 *     registry, as local registries need
 * @param cacheDirectory where Jib keeps base image layers and the layers it built
 */
public record ImageSettings(
    Optional<String> baseImage, boolean allowInsecureRegistries, Path cacheDirectory) {

  public ImageSettings {
    Objects.requireNonNull(baseImage, "baseImage");
    baseImage = baseImage.map(String::strip).filter(s -> !s.isEmpty());
    Objects.requireNonNull(cacheDirectory, "cacheDirectory");
  }

  /** No base image, secure registries only, cache in {@code ~/.cache/aloft/jib}. */
  public static ImageSettings defaults() {
    return new ImageSettings(
        Optional.empty(),
        false,
        Path.of(System.getProperty("user.home"), ".cache", "aloft", "jib"));
  }

  /**
   * The defaults, overridden by {@code ALOFT_BUILDER_BASE_IMAGE}, {@code
   * ALOFT_BUILDER_INSECURE_REGISTRY} ({@code true}/{@code false}) and {@code
   * ALOFT_BUILDER_IMAGE_CACHE} (a folder).
   *
   * @throws IllegalArgumentException naming the variable whose value is wrong
   */
  public static ImageSettings fromEnvironment(Map<String, String> env) {
    ImageSettings s = defaults();
    String base = env.get("ALOFT_BUILDER_BASE_IMAGE");
    if (base != null) {
      s = s.withBaseImage(base);
    }
    String insecure = env.get("ALOFT_BUILDER_INSECURE_REGISTRY");
    if (insecure != null) {
      s =
          s.withAllowInsecureRegistries(
              switch (insecure.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default ->
                    throw new IllegalArgumentException(
                        "ALOFT_BUILDER_INSECURE_REGISTRY='" + insecure + "' is not true or false");
              });
    }
    String cache = env.get("ALOFT_BUILDER_IMAGE_CACHE");
    if (cache != null && !cache.isBlank()) {
      s = s.withCacheDirectory(Path.of(cache.strip()));
    }
    return s;
  }

  public ImageSettings withBaseImage(String image) {
    return new ImageSettings(Optional.of(image), allowInsecureRegistries, cacheDirectory);
  }

  public ImageSettings withAllowInsecureRegistries(boolean allow) {
    return new ImageSettings(baseImage, allow, cacheDirectory);
  }

  public ImageSettings withCacheDirectory(Path directory) {
    return new ImageSettings(baseImage, allowInsecureRegistries, directory);
  }
}
