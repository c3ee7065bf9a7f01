package dev.aloft.server.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real build for the local runtime's tests, faster than Maven: compiles the {@code .java} files
 * of a folder with the JDK's javac into the work folder; the service is {@code java Main}.
 */
final class JavacBuilds implements SourceBuilds {

  private static final Path JAVA_BIN = Path.of(System.getProperty("java.home"), "bin");

  @Override
  public Build build(String source, boolean remoteCaller, Path workDir, Consumer<String> progress)
      throws BuildException {
    if (remoteCaller) {
      throw new BuildException(BuildException.Kind.REFUSED, "local folders are refused", null);
    }
    Path folder = Path.of(source);
    List<String> command = new ArrayList<>();
    command.add(JAVA_BIN.resolve("javac").toString());
    command.add("-d");
    command.add(workDir.resolve("classes").toString());
    try (Stream<Path> files = Files.list(folder)) {
      files
          .filter(file -> file.toString().endsWith(".java"))
          .forEach(file -> command.add(file.toString()));
    } catch (IOException e) {
      throw new BuildException(
          BuildException.Kind.FETCH, "cannot read " + folder + ": " + e.getMessage(), e);
    }
    try {
      Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(javac.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          progress.accept(line);
        }
      }
      int exit = javac.waitFor();
      if (exit != 0) {
        throw new BuildException(
            BuildException.Kind.BUILD, "javac failed with exit code " + exit, null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildException(BuildException.Kind.BUILD, "interrupted", e);
    }
    return new Build(
        folder,
        Optional.empty(),
        Optional.empty(),
        List.of(
            JAVA_BIN.resolve("java").toString(),
            "-Xmx32m",
            "-cp",
            workDir.resolve("classes").toString(),
            "Main"));
  }
}
