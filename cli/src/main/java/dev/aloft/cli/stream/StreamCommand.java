package dev.aloft.cli.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.aloft.api.events.v1.AckRequest;
import dev.aloft.api.events.v1.ConsumeRequest;
import dev.aloft.api.events.v1.Event;
import dev.aloft.api.events.v1.PublishRequest;
import dev.aloft.api.events.v1.StreamGrpc;
import dev.aloft.cli.CliException;
import dev.aloft.cli.CommandGroup;
import dev.aloft.cli.ExitCodes;
import dev.aloft.cli.connect.PlatformCommand;
import dev.aloft.cli.connect.PlatformConnection;
import dev.aloft.cli.output.Output;
import dev.aloft.cli.output.OutputFormat;
import dev.aloft.cli.time.TimeArguments;
import io.grpc.Context;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aloft stream}: publish events to topics and consume them. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = "Publish events to the namespace's topics, and consume them.",
    subcommands = {StreamCommand.Publish.class, StreamCommand.Consume.class})
public final class StreamCommand extends CommandGroup {

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Publish one event to TOPIC with PAYLOAD (JSON by convention).",
        "Example: aloft stream publish orders.created '{\"id\":42}' -m source=cli"
      })
  static final class Publish extends PlatformCommand {
    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic, e.g. orders.created.")
    String topic;

    @Parameters(index = "1", paramLabel = "PAYLOAD", description = "The event's payload.")
    String payload;

    @Option(
        names = {"-m", "--metadata"},
        paramLabel = "KEY=VALUE",
        description = "Metadata of the event (repeatable).")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Override
    protected void run(PlatformConnection platform, Output output) {
      Event event =
          platform
              .unary(StreamGrpc::newBlockingStub)
              .publish(
                  PublishRequest.newBuilder()
                      .setTopic(topic)
                      .setPayload(ByteString.copyFromUtf8(payload))
                      .putAllMetadata(metadata)
                      .build())
              .getEvent();
      if (output.format() == OutputFormat.json) {
        output.json(EventLines.toJson(event));
      } else {
        output.message(
            "published "
                + event.getId()
                + " to "
                + topic
                + " (sequence "
                + event.getSequence()
                + ")");
      }
    }
  }

  /** Where a new group starts: --offset or --since. */
  static final class Start {
    @Option(
        names = "--offset",
        paramLabel = "N",
        description = "A new group starts at sequence N (1: the topic's first event).")
    Long offset;

    @Option(
        names = "--since",
        paramLabel = "TIME",
        converter = TimeArguments.InstantConverter.class,
        description =
            "A new group starts at events stored since TIME (2024-05-01T10:00:00Z, or 10m ago).")
    Instant since;
  }

  @Command(
      name = "consume",
      mixinStandardHelpOptions = true,
      description = {
        "Print the events of TOPIC as they come, until interrupted (Ctrl-C) or --limit.",
        "A new group starts at the next event published, unless --offset or --since say otherwise;"
            + " a group that exists resumes where it stopped. One line per event; -o json prints"
            + " one JSON object per line.",
        "Examples: aloft stream consume orders.created --offset 1 ;"
            + " aloft stream consume orders.created --group audit --no-auto-ack"
      })
  static final class Consume extends PlatformCommand {
    @Parameters(paramLabel = "TOPIC", description = "Topic, e.g. orders.created.")
    String topic;

    @Option(
        names = {"-g", "--group"},
        paramLabel = "GROUP",
        description = "Consumer group: consumers of a group share its events and its position.")
    String group = "";

    @ArgGroup(exclusive = true)
    Start start;

    @Option(
        names = "--no-auto-ack",
        description = "Acknowledge each event only once printed (needs --group).")
    boolean noAutoAck;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
    long limit;

    @Override
    protected void run(PlatformConnection platform, Output output) {
      if (noAutoAck && group.isEmpty()) {
        throw new CliException(
            ExitCodes.USAGE, "--no-auto-ack needs --group: acknowledgements belong to a group");
      }
      if (limit < 0) {
        throw new CliException(ExitCodes.USAGE, "--limit: must be 1 or more, not " + limit);
      }
      ConsumeRequest.Builder request =
          ConsumeRequest.newBuilder().setTopic(topic).setGroup(group).setAutoAck(!noAutoAck);
      if (start != null && start.offset != null) {
        if (start.offset < 1) {
          throw new CliException(
              ExitCodes.USAGE, "--offset: must be 1 or more, not " + start.offset);
        }
        request.setOffset(start.offset);
      }
      if (start != null && start.since != null) {
        request.setStartTime(
            Timestamp.newBuilder()
                .setSeconds(start.since.getEpochSecond())
                .setNanos(start.since.getNano()));
      }
      try (Context.CancellableContext call = Context.current().withCancellation()) {
        call.run(
            () -> {
              Iterator<Event> events =
                  platform.streaming(StreamGrpc::newBlockingStub).consume(request.build());
              long printed = 0;
              while ((limit == 0 || printed < limit) && events.hasNext()) {
                Event event = events.next();
                if (output.format() == OutputFormat.json) {
                  output.jsonLine(EventLines.toJson(event));
                } else {
                  output.message(EventLines.line(event));
                }
                if (noAutoAck) {
                  platform
                      .unary(StreamGrpc::newBlockingStub)
                      .ack(
                          AckRequest.newBuilder()
                              .setTopic(topic)
                              .setGroup(group)
                              .setId(event.getId())
                              .build());
                }
                printed++;
              }
            });
      }
    }
  }
}
