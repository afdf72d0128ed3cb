package org.esarchiver.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.esarchiver.testsupport.LocalStack;
import org.esarchiver.testsupport.LocalStackPorts;
import org.esarchiver.testsupport.LocalStackSettings;

/**
 * The developers' local stack ({@code make dev-up}, {@code scripts/dev-stack.sh}): Elasticsearch, Kafka and HDFS on
 * fixed ports, with their data kept under a persistent base dir across down/up. Runs until SIGTERM/SIGINT, then stops
 * everything cleanly.
 *
 * <p>Environment: {@code DEVSTACK_DIR} (default {@value #DEFAULT_DIR}), {@code ES_VERSION} (default 8.19.7),
 * {@code ES_DIST_DIR} (default target/es-dist), and the ports {@code ES_PORT} (19200), {@code ES_TRANSPORT_PORT}
 * (19300), {@code KAFKA_PORT} (19092), {@code KAFKA_CONTROLLER_PORT} (19093), {@code HDFS_PORT} (19820),
 * {@code HDFS_HTTP_PORT} (19870), {@code HDFS_DATANODE_PORT} (19866), {@code HDFS_DATANODE_HTTP_PORT} (19864),
 * {@code HDFS_DATANODE_IPC_PORT} (19867), {@code HDFS_DATANODE_PROXY_PORT} (19868).
 *
 * <p>When ready it prints one line {@code dev stack ready: elasticsearch=... kafka=... hdfs=...} and writes the ready
 * marker {@code <DEVSTACK_DIR>/devstack.ready}, a properties file with the endpoints (removed again on stop).
 */
public final class DevStackMain {

    public static final String DEFAULT_DIR = "/var/tmp/es-archiver-devstack";
    public static final String READY_MARKER = "devstack.ready";

    private DevStackMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path baseDir = Path.of(env.getOrDefault("DEVSTACK_DIR", DEFAULT_DIR)).toAbsolutePath().normalize();
        String esVersion = nonBlank(env.get("ES_VERSION"), LocalStackSettings.DEFAULT_ES_VERSION);
        Path esDistDir = Path.of(nonBlank(env.get("ES_DIST_DIR"), LocalStackSettings.DEFAULT_ES_DIST_DIR));
        LocalStackSettings settings = new LocalStackSettings(baseDir, esVersion, esDistDir,
                LocalStackPorts.fromEnv(env), true);
        Path marker = baseDir.resolve(READY_MARKER);
        Files.deleteIfExists(marker);

        LocalStack stack;
        try {
            stack = LocalStack.start(settings);
        } catch (RuntimeException e) {
            e.printStackTrace();
            // last, so that the tail of the log that scripts/dev-stack.sh shows ends with the cause
            System.err.println("dev stack failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("dev stack stopping ...");
            try {
                Files.deleteIfExists(marker);
            } catch (IOException ignored) {
                // best effort
            }
            stack.close();
            System.out.println("dev stack stopped");
            stopped.countDown();
        }, "devstack-stop"));

        writeMarker(marker, stack);
        System.out.println("dev stack ready in " + stack.startupMillis() + " ms: " + stack.describe() + " dir="
                + baseDir);
        System.out.flush();
        stopped.await(); // until SIGTERM/SIGINT runs the hook
    }

    private static void writeMarker(Path marker, LocalStack stack) throws IOException {
        StringBuilder sb = new StringBuilder("# endpoints of the running dev stack (pid ")
                .append(ProcessHandle.current().pid()).append(")\n");
        stack.endpoints().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        sb.append("pid=").append(ProcessHandle.current().pid()).append('\n');
        sb.append("elasticsearch_pid=").append(stack.elasticsearch().pid()).append('\n');
        sb.append("elasticsearch_home=").append(stack.elasticsearch().home()).append('\n');
        Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
