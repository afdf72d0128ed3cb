package org.esarchiver.testsupport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link LocalStack} runs and where.
 *
 * @param baseDir the stack's directory: {@code elasticsearch-<version>/}, {@code kafka/} and {@code hdfs/} live in it.
 *     When running as root it must be reachable by the unprivileged Elasticsearch user (under /tmp or /var/tmp).
 * @param esVersion the Elasticsearch server version, e.g. {@code 8.19.7} or {@code 9.2.0}
 * @param esDistDir the directory holding the unpacked {@code elasticsearch-<version>} distribution (target/es-dist)
 * @param ports every port of the stack
 * @param persistent keep the data across restarts (format HDFS only the first time, keep it on close); else HDFS is
 *     formatted on start and deleted on close
 */
public record LocalStackSettings(Path baseDir, String esVersion, Path esDistDir, LocalStackPorts ports,
        boolean persistent) {

    public static final String DEFAULT_ES_VERSION = "8.19.7";
    public static final String DEFAULT_ES_DIST_DIR = "target/es-dist";

    public LocalStackSettings {
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(esVersion, "esVersion");
        Objects.requireNonNull(esDistDir, "esDistDir");
        Objects.requireNonNull(ports, "ports");
        baseDir = baseDir.toAbsolutePath().normalize();
        esDistDir = esDistDir.toAbsolutePath().normalize();
    }

    /** es.version / es.dist.dir from the system properties (defaults 8.19.7 and target/es-dist), not persistent. */
    public static LocalStackSettings fromSystemProperties(Path baseDir, LocalStackPorts ports) {
        return new LocalStackSettings(baseDir, System.getProperty("es.version", DEFAULT_ES_VERSION),
                Path.of(System.getProperty("es.dist.dir", DEFAULT_ES_DIST_DIR)), ports, false);
    }

    public Path elasticsearchBaseDir() {
        return baseDir;
    }

    public Path kafkaLogDir() {
        return baseDir.resolve("kafka");
    }

    public Path hdfsDir() {
        return baseDir.resolve("hdfs");
    }
}
