package dev.aloft.examples.consumer;

import dev.aloft.sdk.Service;

/**
 * Starts events-consumer: consumes the topic named by the config value {@code
 * events-consumer.topic} (default {@code greetings}) as the group {@code events-consumer}, and
 * serves consumer.Consumer to read what it received.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Service.builder("events-consumer")
        .version("1.0.0")
        .handler(
            aloft -> {
              ReceivedEvents received = new ReceivedEvents(aloft.store());
              String topic = aloft.config().get("events-consumer.topic", String.class, "greetings");
              aloft.events().consume(topic, "events-consumer", received::record);
              return new Consumer(received);
            })
        .build()
        .run();
  }
}
