package dev.aloft.cli.output;

/** How a command prints its result: aligned columns for people, JSON for scripts. */
public enum OutputFormat {
  table,
  json
}
