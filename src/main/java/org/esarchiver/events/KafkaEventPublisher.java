package org.esarchiver.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.esarchiver.config.KafkaConnection;

/** The Kafka side of the outbox: sends stored events with acks=all and idempotence, keyed by subject. */
public final class KafkaEventPublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String bootstrapServers;

  public KafkaEventPublisher(KafkaConnection kafka) {
    this.bootstrapServers = kafka.bootstrapServers();
    this.producer = new KafkaProducer<>(producerProperties(kafka), new StringSerializer(), new ByteArraySerializer());
  }

  public static Map<String, Object> producerProperties(KafkaConnection kafka) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "es-archiver");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    props.putAll(securityProperties(kafka));
    props.putAll(kafka.producerProperties());
    // Not overridable: the audit trail depends on them.
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return props;
  }

  /**
   * security.protocol from what is configured (SASL credentials, a CA to trust over TLS), the SASL mechanism and its
   * JAAS line with the credentials, and the CA as a PEM trust store. Kafka masks sasl.jaas.config when it logs its
   * configuration; explicit kafka.producer settings still override all of these.
   */
  static Map<String, Object> securityProperties(KafkaConnection kafka) {
    Map<String, Object> props = new HashMap<>();
    boolean tls = kafka.caCertificate().isPresent();
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, kafka.sasl().isPresent()
        ? (tls ? "SASL_SSL" : "SASL_PLAINTEXT") : (tls ? "SSL" : "PLAINTEXT"));
    kafka.sasl().ifPresent(sasl -> {
      props.put(SaslConfigs.SASL_MECHANISM, sasl.mechanism().kafkaName());
      props.put(SaslConfigs.SASL_JAAS_CONFIG, new Password(sasl.mechanism().loginModule() + " required username="
          + jaasQuoted(sasl.username()) + " password=" + jaasQuoted(sasl.password().value()) + ";"));
    });
    kafka.caCertificate().ifPresent(ca -> {
      props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
      props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca.toString());
    });
    return props;
  }

  private static String jaasQuoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Hands the event to the producer; the future completes when the broker acknowledged it. */
  Future<RecordMetadata> send(Outbox.Pending event) {
    var record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
    record.headers().add("content-type", CloudEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
    CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
    try {
      producer.send(record, (metadata, e) -> {
        if (e == null) {
          acknowledged.complete(metadata);
        } else {
          acknowledged.completeExceptionally(explained(e));
        }
      });
    } catch (AuthenticationException e) {
      throw explained(e);
    }
    return acknowledged;
  }

  /**
   * A rejected login names the brokers and the settings to check; other failures are Kafka's own words after the
   * brokers' addresses (a broker that cannot be reached shows only as "Topic ... not present in metadata").
   */
  private RuntimeException explained(RuntimeException e) {
    return e instanceof AuthenticationException
        ? new AuthenticationException("Kafka at " + bootstrapServers + ": authentication failed (" + e.getMessage()
            + "); check kafka.sasl", e)
        : new KafkaException("Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
  }

  private Exception explained(Exception e) {
    return e instanceof RuntimeException runtime ? explained(runtime) : e;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
