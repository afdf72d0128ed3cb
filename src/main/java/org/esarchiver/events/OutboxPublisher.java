package org.esarchiver.events;

/**
 * Publishes by storing: {@link #publish} returns once the event is in the outbox (durable), and the relay delivers it
 * to Kafka as soon as it can.
 */
public final class OutboxPublisher implements EventPublisher {
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final CloudEventCodec codec;
  private final String topic;

  public OutboxPublisher(Outbox outbox, OutboxRelay relay, CloudEventCodec codec, String topic) {
    this.outbox = outbox;
    this.relay = relay;
    this.codec = codec;
    this.topic = topic;
  }

  @Override
  public void publish(ArchiveEvent event) {
    outbox.store(event.id(), topic, event.subject(), codec.encode(event));
    relay.wake();
  }

  @Override
  public void close() {}
}
