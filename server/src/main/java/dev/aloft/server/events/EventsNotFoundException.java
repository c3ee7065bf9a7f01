package dev.aloft.server.events;

/** Something a request names (a group, an event) does not exist in the caller's namespace. */
public final class EventsNotFoundException extends RuntimeException {

  private final String field;

  public EventsNotFoundException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
