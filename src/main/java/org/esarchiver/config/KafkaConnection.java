package org.esarchiver.config;

import java.util.Map;

/** Where audit events go; {@code producerProperties} are extra Kafka producer settings applied on top of ours. */
public record KafkaConnection(
    String bootstrapServers,
    String auditTopic,
    Map<String, String> producerProperties) {}
