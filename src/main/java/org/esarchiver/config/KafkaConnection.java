package org.esarchiver.config;

import java.util.Map;

/**
 * Where audit events go; {@code producerProperties} are extra Kafka producer settings applied on top of ours. Values
 * that look like credentials (sasl.jaas.config, ssl.key.password...) are masked in {@link #toString()}.
 */
public record KafkaConnection(
    String bootstrapServers,
    String auditTopic,
    Map<String, String> producerProperties) {

  @Override
  public String toString() {
    return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", auditTopic=" + auditTopic
        + ", producerProperties=" + SensitiveProperties.masked(producerProperties) + "]";
  }
}
