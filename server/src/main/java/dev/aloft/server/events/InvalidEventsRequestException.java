package dev.aloft.server.events;

/**
 * A request to the events service that cannot be carried out as given; {@link #field()} names the
 * offending request field as the API spells it (e.g. {@code topic}, {@code metadata["k"]}).
 */
public final class InvalidEventsRequestException extends IllegalArgumentException {

  private final String field;

  public InvalidEventsRequestException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
