package org.esarchiver.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker + controller) running in this JVM on 127.0.0.1.
 *
 * <p>The storage is formatted with the fixed {@link #CLUSTER_ID} ({@code --ignore-formatted}), so a broker restarted on
 * the same log dir keeps its topics and offsets.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Fixed KRaft cluster id: re-formatting a log dir with another id fails, so it must never change. */
    public static final String CLUSTER_ID = "1b7x3jhlQ58_TlXhJTMegA";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    /**
     * Two more client listeners that require SASL/SCRAM-SHA-512: {@code SASL_PLAINTEXT} on {@code saslPort} and
     * {@code SASL_SSL} (the server certificate of {@code certificates}) on {@code saslSslPort}. The SCRAM users are
     * written into the storage when it is formatted ({@code kafka-storage format --add-scram}); the PLAINTEXT listener
     * stays for the broker itself and for the tests' own clients.
     */
    public record Sasl(Map<String, String> scramUsers, TestCertificates certificates, int saslPort, int saslSslPort) {
        @Override
        public String toString() {
            return "Sasl[users=" + scramUsers.keySet() + ", saslPort=" + saslPort + ", saslSslPort=" + saslSslPort
                    + "]";
        }
    }

    private final KafkaRaftServer server;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, Path logDir, int port, int controllerPort) {
        this.server = server;
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats {@code logDir} (unless already formatted) and starts the broker; returns once it answers an admin
     * request.
     *
     * @param port the PLAINTEXT (client) port
     * @param controllerPort the KRaft controller port
     */
    public static KafkaBroker start(Path logDir, int port, int controllerPort) {
        return start(logDir, port, controllerPort, null);
    }

    /** A broker with SASL/SCRAM listeners besides the PLAINTEXT one; {@code logDir} must be new. */
    public static KafkaBroker startWithSasl(Path logDir, int port, int controllerPort, Sasl sasl) {
        return start(logDir, port, controllerPort, sasl);
    }

    private static KafkaBroker start(Path logDir, int port, int controllerPort, Sasl sasl) {
        long t0 = System.nanoTime();
        Path dir = logDir.toAbsolutePath().normalize();
        Properties props = serverProperties(dir, port, controllerPort);
        List<String> format = new ArrayList<>(List.of("format", "-t", CLUSTER_ID, "--ignore-formatted"));
        if (sasl != null) {
            addSasl(props, port, controllerPort, sasl);
            sasl.scramUsers().forEach((user, password) -> format.addAll(List.of("--add-scram",
                    "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]")));
        }
        try {
            Files.createDirectories(dir);
            Path propsFile = dir.resolveSibling(dir.getFileName() + "-server.properties");
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "written by " + KafkaBroker.class.getName());
            }
            ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
            int rc;
            try (PrintStream ps = new PrintStream(formatOutput, true, StandardCharsets.UTF_8)) {
                format.addAll(List.of("-c", propsFile.toString()));
                rc = StorageTool.execute(format.toArray(String[]::new), ps);
            }
            if (rc != 0) {
                throw new IllegalStateException("Formatting the Kafka log dir " + dir + " failed (" + rc + "): "
                        + formatOutput.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Kafka log dir " + dir, e);
        }

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        KafkaBroker broker = new KafkaBroker(server, dir, port, controllerPort);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException | Error e) {
            try {
                broker.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        LOG.info("Kafka is up on {} in {} ms", broker.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return broker;
    }

    static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        return p;
    }

    private static void addSasl(Properties props, int port, int controllerPort, Sasl sasl) {
        String scramLogin = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ",SASL_PLAINTEXT://127.0.0.1:" + sasl.saslPort() + ",SASL_SSL://127.0.0.1:" + sasl.saslSslPort());
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:"
                + sasl.saslPort() + ",SASL_SSL://127.0.0.1:" + sasl.saslSslPort());
        props.put("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL");
        props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        props.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", scramLogin);
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", scramLogin);
        try {
            props.put("listener.name.sasl_ssl.ssl.keystore.type", "PEM");
            props.put("listener.name.sasl_ssl.ssl.keystore.certificate.chain",
                    Files.readString(sasl.certificates().serverCertificate()));
            props.put("listener.name.sasl_ssl.ssl.keystore.key", Files.readString(sasl.certificates().serverKey()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Kafka test certificates", e);
        }
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Kafka on " + bootstrapServers() + " did not become ready", e);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logDir() {
        return logDir;
    }

    public String clusterId() {
        return CLUSTER_ID;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka on {} stopped", bootstrapServers());
    }
}
