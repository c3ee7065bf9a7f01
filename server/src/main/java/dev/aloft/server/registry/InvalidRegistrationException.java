package dev.aloft.server.registry;

/**
 * A registry request that cannot be carried out as given; {@link #field()} names the offending
 * field as the API spells it (e.g. {@code service.nodes[0].address}).
 */
public final class InvalidRegistrationException extends IllegalArgumentException {

  private final String field;

  public InvalidRegistrationException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
