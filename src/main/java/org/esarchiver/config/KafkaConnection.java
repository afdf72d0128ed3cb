package org.esarchiver.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where audit events go, and how: SASL credentials ({@code sasl}) and TLS trusting a private CA ({@code caCertificate})
 * select the security protocol; {@code producerProperties} are extra Kafka producer settings applied on top. Values
 * that look like credentials (sasl.jaas.config, ssl.key.password...) are masked in {@link #toString()}.
 */
public record KafkaConnection(
    String bootstrapServers,
    String auditTopic,
    Optional<KafkaSasl> sasl,
    Optional<Path> caCertificate,
    Map<String, String> producerProperties) {

  @Override
  public String toString() {
    return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", auditTopic=" + auditTopic
        + ", sasl=" + sasl.map(KafkaSasl::toString).orElse("-")
        + ", caCertificate=" + caCertificate.map(Path::toString).orElse("-")
        + ", producerProperties=" + SensitiveProperties.masked(producerProperties) + "]";
  }
}
