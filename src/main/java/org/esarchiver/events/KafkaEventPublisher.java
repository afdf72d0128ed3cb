package org.esarchiver.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.esarchiver.config.KafkaConnection;

/** The Kafka side of the outbox: sends stored events with acks=all and idempotence, keyed by subject. */
public final class KafkaEventPublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  public KafkaEventPublisher(KafkaConnection kafka) {
    this.producer = new KafkaProducer<>(producerProperties(kafka), new StringSerializer(), new ByteArraySerializer());
  }

  static Map<String, Object> producerProperties(KafkaConnection kafka) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "es-archiver");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    props.putAll(kafka.producerProperties());
    // Not overridable: the audit trail depends on them.
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return props;
  }

  /** Hands the event to the producer; the future completes when the broker acknowledged it. */
  Future<RecordMetadata> send(Outbox.Pending event) {
    var record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
    record.headers().add("content-type", CloudEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
    return producer.send(record);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
