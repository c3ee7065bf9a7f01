package dev.aloft.builder.job;

import dev.aloft.builder.BuildPhase;
import dev.aloft.builder.BuildProgress;
import dev.aloft.builder.BuildRequest;
import dev.aloft.builder.BuildResult;
import dev.aloft.builder.BuilderException;
import dev.aloft.builder.BuilderSettings;
import dev.aloft.builder.ImagePushException;
import dev.aloft.builder.ServiceBuilder;
import dev.aloft.builder.SourceFetchException;
import dev.aloft.builder.SourceRefusedException;
import dev.aloft.builder.image.ImageSettings;
import dev.aloft.builder.image.PushedImage;
import dev.aloft.builder.image.ServiceImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The container entry point of an in-cluster build Job: reads its {@link BuildJobRequest}, fetches
 * and builds the service ({@link ServiceBuilder}, as a remote caller: git sources only), makes and
 * pushes its image ({@link ServiceImage}), and leaves a {@link TerminationMessage} for the
 * operator. Builder and image settings come from the environment ({@code ALOFT_BUILDER_*}, see
 * {@link BuilderSettings#fromEnvironment} and {@link ImageSettings#fromEnvironment}). Everything
 * the build prints goes to standard output, so {@code kubectl logs} shows it.
 *
 * <p>Exit code 0: pushed; 1: the source was refused, could not be fetched or built, or the image
 * not pushed; 2: the request itself is wrong.
 */
public final class BuildJobMain {

  /** Lines of output kept for the termination message of a failed build. */
  static final int TAIL_LINES = 200;

  private BuildJobMain() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.getenv(), System.out));
  }

  /** Runs one build Job; its exit code. */
  public static int run(List<String> args, Map<String, String> env, PrintStream out) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(
          "usage: BuildJobMain --git-url URL [--ref REF] [--path DIR] --image REGISTRY/REPO[:TAG]"
              + " [--git-credentials DIR] [--registry-credentials DIR] [--work-dir DIR]"
              + " [--termination-log FILE]; each also as ALOFT_BUILD_<NAME> (e.g."
              + " ALOFT_BUILD_GIT_URL)");
      return 0;
    }
    Path terminationLog = BuildJobRequest.terminationLog(args, env);
    Output output = new Output(out);
    BuildJobRequest request;
    BuilderSettings builderSettings;
    ImageSettings imageSettings;
    try {
      request = BuildJobRequest.parse(args, env);
      builderSettings = BuilderSettings.fromEnvironment(env);
      imageSettings = ImageSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      return fail(out, terminationLog, "request", e.getMessage(), List.of(), 2);
    }
    output.output("Build job: " + request);
    try {
      Files.createDirectories(request.workDir());
      BuildResult built =
          new ServiceBuilder(builderSettings)
              .build(
                  new BuildRequest(
                      request.source(), request.gitCredentials(), true, request.workDir()),
                  output);
      PushedImage pushed =
          new ServiceImage(builderSettings, imageSettings)
              .push(built, request.image(), request.registryCredentials(), output);
      String commit = built.commit().orElse("");
      write(terminationLog, TerminationMessage.success(pushed.reference(), commit));
      out.println("Built " + commit + " into " + pushed.reference());
      return 0;
    } catch (BuilderException e) {
      return fail(out, terminationLog, phase(e), firstLine(e.getMessage()), output.tail(), 1);
    } catch (IOException | RuntimeException e) {
      return fail(out, terminationLog, "internal", e.toString(), output.tail(), 1);
    }
  }

  private static String phase(BuilderException e) {
    if (e instanceof SourceRefusedException) {
      return "source";
    } else if (e instanceof SourceFetchException) {
      return "fetch";
    } else if (e instanceof ImagePushException) {
      return "push";
    }
    return "build";
  }

  private static int fail(
      PrintStream out,
      Path terminationLog,
      String phase,
      String error,
      List<String> tail,
      int code) {
    out.println("Build job failed (" + phase + "): " + error);
    try {
      write(terminationLog, TerminationMessage.failure(phase, error, tail));
    } catch (IOException e) {
      out.println("Cannot write the termination log " + terminationLog + ": " + e.getMessage());
    }
    return code;
  }

  private static void write(Path file, String message) throws IOException {
    Files.writeString(file, message, StandardCharsets.UTF_8);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Prints progress as it comes and keeps the last {@value #TAIL_LINES} lines. */
  private static final class Output implements BuildProgress {
    private final PrintStream out;
    private final Deque<String> tail = new ArrayDeque<>();

    Output(PrintStream out) {
      this.out = out;
    }

    @Override
    public synchronized void phase(BuildPhase phase) {
      out.println("Phase: " + phase);
    }

    @Override
    public synchronized void output(String line) {
      out.println(line);
      tail.addLast(line);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }

    synchronized List<String> tail() {
      return List.copyOf(tail);
    }
  }
}
