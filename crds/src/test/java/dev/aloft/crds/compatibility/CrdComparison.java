package dev.aloft.crds.compatibility;

import java.util.ArrayList;
import java.util.List;

/**
 * How freshly generated CRDs differ from the checked-in ones: the incompatible changes, and every
 * difference at all (so that the checked-in files never drift from the model).
 */
public record CrdComparison(List<String> incompatibleChanges, List<String> differences) {

  /** The command that copies the generated CRDs over the checked-in ones. */
  public static final String REFRESH_COMMAND =
      "./mvnw -q -pl crds -Prefresh-crds process-test-classes";

  /** What to add to {@link #REFRESH_COMMAND} to take an incompatible change on purpose. */
  public static final String ACCEPT_INCOMPATIBLE_FLAG = "-Daloft.crds.acceptIncompatible";

  public static CrdComparison of(CrdDirectory checkedIn, CrdDirectory generated) {
    List<String> incompatible = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    for (String file : checkedIn.texts().keySet()) {
      if (!generated.texts().containsKey(file)) {
        incompatible.add(file + ": CRD removed (no longer generated)");
        differences.add(file + " is checked in but no longer generated");
      }
    }
    for (var entry : generated.texts().entrySet()) {
      String file = entry.getKey();
      String checkedInText = checkedIn.texts().get(file);
      if (checkedInText == null) {
        differences.add(file + " is generated but not checked in");
        continue;
      }
      incompatible.addAll(
          CrdCompatibility.incompatibleChanges(
              checkedIn.definition(file), generated.definition(file)));
      firstDifference(checkedInText, entry.getValue())
          .ifPresent(line -> differences.add(file + " differs from the generated one, " + line));
    }
    return new CrdComparison(List.copyOf(incompatible), List.copyOf(differences));
  }

  private static java.util.Optional<String> firstDifference(String checkedIn, String generated) {
    List<String> before = checkedIn.lines().toList();
    List<String> after = generated.lines().toList();
    for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
      String old = i < before.size() ? before.get(i) : "(end of file)";
      String now = i < after.size() ? after.get(i) : "(end of file)";
      if (!old.equals(now)) {
        return java.util.Optional.of(
            "first at line "
                + (i + 1)
                + ": checked in ["
                + old.strip()
                + "], generated ["
                + now.strip()
                + "]");
      }
    }
    return java.util.Optional.empty();
  }

  public boolean identical() {
    return differences.isEmpty();
  }
}
