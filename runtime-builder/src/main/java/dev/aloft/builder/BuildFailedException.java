package dev.aloft.builder;

import java.util.List;
import java.util.OptionalInt;

/**
 * The build did not produce a runnable artifact: the build tool failed (exit code and the tail of
 * its output, with the compiler's errors, are in the message), timed out, or left no runnable jar.
 */
public final class BuildFailedException extends BuilderException {

  private final OptionalInt exitCode;
  private final List<String> outputTail;

  public BuildFailedException(String message, OptionalInt exitCode, List<String> outputTail) {
    super(withTail(message, outputTail));
    this.exitCode = exitCode;
    this.outputTail = List.copyOf(outputTail);
  }

  public BuildFailedException(String message) {
    this(message, OptionalInt.empty(), List.of());
  }

  /** The build tool's exit code; empty when it did not exit by itself (timeout) or never ran. */
  public OptionalInt exitCode() {
    return exitCode;
  }

  /** The last lines of the build's output (at most 40). */
  public List<String> outputTail() {
    return outputTail;
  }

  private static String withTail(String message, List<String> tail) {
    if (tail.isEmpty()) {
      return message;
    }
    return message + "\n" + String.join("\n", tail);
  }
}
