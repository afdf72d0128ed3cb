package org.esarchiver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.esarchiver.config.KafkaConnection;
import org.junit.jupiter.api.Test;

class AuditTopicReaderTest {
  @Test
  void theConsumerReusesTheProducersConnectionAndSecuritySettingsOnly() {
    KafkaConnection kafka = new KafkaConnection("broker-1:9093", "es-archiver.audit", Map.of(
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "ssl.truststore.location", "/etc/kafka/truststore.jks",
        "acks", "1",
        "linger.ms", "5",
        "interceptor.classes", "com.example.ProducerInterceptor",
        "client.id", "archiver-prod"));

    Map<String, Object> props = AuditTopicReader.consumerProperties(kafka, Duration.ofSeconds(30));

    assertThat(props).containsEntry("bootstrap.servers", "broker-1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsKey("sasl.jaas.config")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("allow.auto.create.topics", false)
        .containsEntry("client.id", "es-archiver-audit")
        .doesNotContainKeys("acks", "linger.ms", "interceptor.classes", "group.id");
  }
}
