package dev.aloft.sdk.events;

/** What a consumer does with each event of its topic. */
@FunctionalInterface
public interface EventHandler {

  /** Handles EVENT; returning acks it (unless acked or nacked already), throwing nacks it. */
  void handle(ReceivedEvent event) throws Exception;
}
