package dev.aloft.builder;

/** Where a build is: fetching the source, building it, done. */
public enum BuildPhase {
  FETCHING,
  BUILDING,
  DONE
}
