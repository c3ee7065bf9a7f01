package dev.aloft.builder;

/**
 * What a build reports while it runs: the phase it entered, and each line of output (fetch notes
 * and the build tool's own output) as it comes. Called on the building thread and on the thread
 * that reads the build's output, one call at a time.
 */
public interface BuildProgress {

  /** Reports nothing; for callers that only want the result. */
  BuildProgress NONE =
      new BuildProgress() {
        @Override
        public void phase(BuildPhase phase) {}

        @Override
        public void output(String line) {}
      };

  void phase(BuildPhase phase);

  void output(String line);
}
