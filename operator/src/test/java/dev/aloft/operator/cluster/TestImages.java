package dev.aloft.operator.cluster;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Images for the services under test, built with Jib from scratch and pushed to the local registry:
 * a static busybox whose httpd listens on {@code $ALOFT_GRPC_PORT} (what the readiness probe
 * checks) and serves a page naming the image's version, so two versions have two digests.
 */
public final class TestImages {

  private TestImages() {}

  /** Builds and pushes {@code reference} (e.g. 127.0.0.1:5000/aloft-it/echo:v1); its digest. */
  public static String push(String reference, String version) throws Exception {
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isExecutable(busybox)) {
      throw new IllegalStateException(
          "the test image needs a static /bin/busybox (busybox-static)");
    }
    Path page = Files.createTempFile("aloft-it-page", ".html");
    Files.writeString(page, "aloft operator IT " + version + "\n");
    JibContainer container =
        Jib.fromScratch()
            .addFileEntriesLayer(
                FileEntriesLayer.builder()
                    .addEntry(
                        busybox,
                        AbsoluteUnixPath.get("/bin/busybox"),
                        FilePermissions.fromOctalString("755"))
                    .addEntry(page, AbsoluteUnixPath.get("/www/index.html"))
                    .build())
            .setEnvironment(java.util.Map.of("IMAGE_VERSION", version))
            .setEntrypoint(
                List.of(
                    "/bin/busybox",
                    "sh",
                    "-c",
                    "echo starting $IMAGE_VERSION as $ALOFT_SERVICE in $ALOFT_NAMESPACE"
                        + " at $ALOFT_ADVERTISE_HOST account $ALOFT_ACCOUNT_ID version"
                        + " $ALOFT_VERSION;"
                        + " exec /bin/busybox httpd -f -p ${ALOFT_GRPC_PORT} -h /www"))
            .containerize(
                Containerizer.to(RegistryImage.named(reference)).setAllowInsecureRegistries(true));
    Files.deleteIfExists(page);
    return container.getDigest().toString();
  }
}
