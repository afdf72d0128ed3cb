package org.esarchiver.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.esarchiver.config.KafkaConnection;

/** Publishes each event to the audit topic, keyed by index, with acks=all and idempotence, and waits for the ack. */
public final class KafkaEventPublisher implements EventPublisher {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final CloudEventCodec codec = new CloudEventCodec();

  public KafkaEventPublisher(KafkaConnection kafka) {
    this.topic = kafka.auditTopic();
    this.producer = new KafkaProducer<>(producerProperties(kafka), new StringSerializer(), new ByteArraySerializer());
  }

  static Map<String, Object> producerProperties(KafkaConnection kafka) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "es-archiver");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    props.putAll(kafka.producerProperties());
    // Not overridable: the audit trail depends on them.
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return props;
  }

  @Override
  public void publish(ArchiveEvent event) {
    var record = new ProducerRecord<>(topic, event.index(), codec.encode(event));
    record.headers().add("content-type", CloudEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
    try {
      producer.send(record).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventDeliveryException("interrupted while sending " + event.type() + " for " + event.index(), e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new EventDeliveryException("audit event " + event.type() + " for " + event.index()
          + " not delivered to topic " + topic + ": " + cause.getMessage(), cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
