package dev.aloft.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints rows as a table or as JSON, as the user chose with {@code -o}. */
public final class Output {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final ObjectMapper COMPACT_JSON = new ObjectMapper();

  private final PrintWriter out;
  private final OutputFormat format;

  public Output(PrintWriter out, OutputFormat format) {
    this.out = out;
    this.format = format;
  }

  public OutputFormat format() {
    return format;
  }

  /**
   * Prints rows: in table form, one aligned line per row under upper-case headers; in JSON form, an
   * array of objects keyed by the column names.
   */
  public void rows(List<String> columns, List<List<String>> rows) {
    if (format == OutputFormat.json) {
      List<Map<String, String>> objects = new ArrayList<>();
      for (List<String> row : rows) {
        Map<String, String> object = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          object.put(columns.get(i), i < row.size() ? row.get(i) : "");
        }
        objects.add(object);
      }
      json(objects);
      return;
    }
    int[] widths = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], cell(row, i).length());
      }
    }
    line(columns.stream().map(String::toUpperCase).toList(), widths);
    for (List<String> row : rows) {
      line(row, widths);
    }
    out.flush();
  }

  /** Prints a value as JSON whatever the format (for results that are JSON by nature). */
  public void json(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print result as JSON: " + e.getOriginalMessage(), e);
    }
    out.flush();
  }

  /** Prints a value as one line of compact JSON (one line per item of a stream). */
  public void jsonLine(Object value) {
    try {
      out.println(COMPACT_JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print result as JSON: " + e.getOriginalMessage(), e);
    }
    out.flush();
  }

  /** Prints a plain line (messages such as "environment prod added"). */
  public void message(String text) {
    out.println(text);
    out.flush();
  }

  private void line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String cell = cell(cells, i);
      line.append(cell);
      if (i < widths.length - 1) {
        line.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    out.println(line.toString().stripTrailing());
  }

  private static String cell(List<String> row, int i) {
    return i < row.size() && row.get(i) != null ? row.get(i) : "";
  }
}
