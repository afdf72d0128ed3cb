package org.esarchiver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;
import org.esarchiver.config.KafkaConnection;
import org.esarchiver.config.KafkaSasl;
import org.esarchiver.config.Secret;
import org.junit.jupiter.api.Test;

class AuditTopicReaderTest {
  @Test
  void theConsumerReachesTheBrokerAsTheProducerDoesAndKeepsNothingProducerOnly() {
    KafkaConnection kafka = new KafkaConnection("broker-1:9093", "es-archiver.audit",
        Optional.of(new KafkaSasl(KafkaSasl.Mechanism.SCRAM_SHA_512, "archiver", new Secret("s3cret"))),
        Optional.of(Path.of("/etc/kafka/ca.crt")), Map.of(
            "ssl.endpoint.identification.algorithm", "",
            "acks", "1",
            "linger.ms", "5",
            "interceptor.classes", "com.example.ProducerInterceptor",
            "client.id", "archiver-prod"));

    Map<String, Object> props = AuditTopicReader.consumerProperties(kafka, Duration.ofSeconds(30));

    assertThat(props).containsEntry("bootstrap.servers", "broker-1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/ca.crt")
        .containsEntry("ssl.endpoint.identification.algorithm", "")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("allow.auto.create.topics", false)
        .containsEntry("client.id", "es-archiver-audit")
        .doesNotContainKeys("acks", "linger.ms", "enable.idempotence", "delivery.timeout.ms", "max.block.ms",
            "interceptor.classes", "group.id");
    assertThat(((Password) props.get("sasl.jaas.config")).value()).contains("username=\"archiver\"");
  }
}
