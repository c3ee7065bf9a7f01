package dev.aloft.examples.consumer;

import dev.aloft.sdk.events.ReceivedEvent;
import dev.aloft.sdk.store.ServiceStore;
import dev.aloft.sdk.store.StoreRecord;
import java.util.List;

/**
 * What the consumer received, kept in the store (this service's table): one record per event,
 * {@code event-<sequence>} = payload, and {@code count}. An event delivered again (at least once)
 * is counted once.
 */
final class ReceivedEvents {

  static final String COUNT = "count";
  static final String EVENT_PREFIX = "event-";

  private final ServiceStore store;

  ReceivedEvents(ServiceStore store) {
    this.store = store;
  }

  /** Records EVENT; returning normally acks it, a failure (store unreachable) nacks it. */
  synchronized void record(ReceivedEvent event) {
    String key = EVENT_PREFIX + String.format("%020d", event.sequence());
    if (store.read(key).isEmpty()) {
      store.write(key, event.text());
      store.write(COUNT, Long.toString(count() + 1));
    }
  }

  long count() {
    return store.read(COUNT).map(record -> Long.parseLong(record.text())).orElse(0L);
  }

  /** The last LIMIT events, oldest first. */
  List<StoreRecord> last(int limit) {
    List<StoreRecord> events = store.readPrefix(EVENT_PREFIX);
    return events.subList(Math.max(0, events.size() - limit), events.size());
  }
}
