package org.esarchiver.config;

import java.nio.file.Path;

/** The connections and service settings of conf/archiver.yaml, validated and with environment variables substituted. */
public record ArchiverConfig(
    ElasticsearchConnection elasticsearch,
    HadoopConnection hadoop,
    KafkaConnection kafka,
    Path stateDir,
    DatabaseConnection database,
    SchedulerSettings scheduler) {}
