package org.esarchiver.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack of real services: Elasticsearch (separate process), Kafka (KRaft, in this JVM) and HDFS
 * (MiniDFSCluster, in this JVM), all on 127.0.0.1.
 *
 * <p>Integration tests use {@link #shared()}; the dev stack ({@code make dev-up}) uses {@link #start} with fixed ports
 * and a persistent base dir.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final String SHARED_PREFIX = "es-archiver-stack-";
    private static final String OWNER_FILE = "owner.pid";
    /** The Elasticsearch cluster name of every local stack. */
    public static final String CLUSTER_NAME = "es-archiver-local";

    private static final Object SHARED_LOCK = new Object();
    private static LocalStack shared;
    private static RuntimeException sharedFailure;

    private final LocalStackSettings settings;
    private final ElasticsearchNode elasticsearch;
    private final KafkaBroker kafka;
    private final HdfsCluster hdfs;
    private final long startupMillis;
    private boolean closed;

    private LocalStack(LocalStackSettings settings, ElasticsearchNode elasticsearch, KafkaBroker kafka,
            HdfsCluster hdfs, long startupMillis) {
        this.settings = settings;
        this.elasticsearch = elasticsearch;
        this.kafka = kafka;
        this.hdfs = hdfs;
        this.startupMillis = startupMillis;
    }

    /**
     * The stack shared by every test of this JVM: started on the first call (thread-safe) on free ports in a fresh
     * temporary base dir, stopped and deleted by a JVM shutdown hook. Reads the system properties {@code es.version}
     * (default 8.19.7) and {@code es.dist.dir} (default target/es-dist). If it failed to start, later calls fail at
     * once with the same cause.
     */
    public static LocalStack shared() {
        synchronized (SHARED_LOCK) {
            if (shared != null) {
                return shared;
            }
            if (sharedFailure != null) {
                throw new IllegalStateException("LocalStack.shared() already failed to start in this JVM: "
                        + sharedFailure.getMessage(), sharedFailure);
            }
            Path base = null;
            try {
                LocalStackSettings probe =
                        LocalStackSettings.fromSystemProperties(Path.of("."), LocalStackPorts.free());
                ElasticsearchNode.requireDistribution(probe.esVersion(), probe.esDistDir());
                Path tmpRoot = reachableTempRoot();
                deleteAbandonedSharedDirs(tmpRoot);
                base = Files.createTempDirectory(tmpRoot, SHARED_PREFIX);
                Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.writeString(base.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
                LocalStack stack = start(new LocalStackSettings(base, probe.esVersion(), probe.esDistDir(),
                        probe.ports(), false));
                Path dir = base;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stack.close();
                    deleteQuietly(dir);
                }, "localstack-shared-stop"));
                shared = stack;
                return stack;
            } catch (IOException e) {
                deleteQuietly(base);
                sharedFailure = new UncheckedIOException("Cannot create the shared LocalStack's base dir", e);
                throw sharedFailure;
            } catch (RuntimeException e) {
                deleteQuietly(base);
                sharedFailure = e;
                throw e;
            }
        }
    }

    /**
     * Starts the three services: Elasticsearch (the slowest) in the background, and Kafka, then HDFS meanwhile. If one
     * fails, the others are stopped and the first failure is thrown (the others suppressed).
     */
    public static LocalStack start(LocalStackSettings settings) {
        long t0 = System.nanoTime();
        ElasticsearchNode.requireDistribution(settings.esVersion(), settings.esDistDir()); // fail fast
        settings.ports().requireAvailable();
        try {
            Files.createDirectories(settings.baseDir());
            if (ElasticsearchNode.isRoot()) {
                // the unprivileged Elasticsearch user must be able to traverse the base dir
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(settings.baseDir());
                if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                    Files.setPosixFilePermissions(settings.baseDir(), perms);
                }
                ElasticsearchNode.requireReachable(
                        settings.baseDir().resolve("elasticsearch-" + settings.esVersion()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the stack's base dir " + settings.baseDir(), e);
        }
        LocalStackPorts p = settings.ports();
        LOG.info("Starting the local stack in {} (Elasticsearch {})", settings.baseDir(), settings.esVersion());

        // Elasticsearch is the slowest (a separate JVM, ~8-10 s): start it in the background. Kafka and HDFS start one
        // after the other meanwhile; on 2 cores that is faster than starting all three at once (measured 16 s vs
        // 22-30 s).
        CompletableFuture<ElasticsearchNode> es = async("localstack-start-elasticsearch",
                () -> ElasticsearchNode.start(settings.esVersion(), settings.esDistDir(),
                        settings.elasticsearchBaseDir(), p.esHttp(), p.esTransport(), CLUSTER_NAME));
        List<RuntimeException> failures = new ArrayList<>();
        List<AutoCloseable> started = new ArrayList<>();
        KafkaBroker kafka = null;
        HdfsCluster hdfs = null;
        try {
            kafka = KafkaBroker.start(settings.kafkaLogDir(), p.kafka(), p.kafkaController());
            started.add(kafka);
            hdfs = HdfsCluster.start(settings.hdfsDir(), p.hdfs(), settings.persistent());
            started.add(hdfs);
        } catch (RuntimeException e) {
            failures.add(e);
        } catch (Error e) {
            failures.add(new IllegalStateException(e));
        }
        ElasticsearchNode elasticsearch = null;
        try {
            elasticsearch = es.join();
            started.add(elasticsearch);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            failures.add(0, cause instanceof RuntimeException re ? re : new IllegalStateException(cause));
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            for (AutoCloseable service : started) {
                try {
                    service.close();
                } catch (Exception e) {
                    first.addSuppressed(e);
                }
            }
            throw first;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LocalStack stack = new LocalStack(settings, elasticsearch, kafka, hdfs, millis);
        LOG.info("Local stack up in {} ms: {}", millis, stack.describe());
        return stack;
    }

    private static <T> CompletableFuture<T> async(String threadName, Supplier<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(task.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return future;
    }

    public ElasticsearchNode elasticsearch() {
        return elasticsearch;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public HdfsCluster hdfs() {
        return hdfs;
    }

    public LocalStackSettings settings() {
        return settings;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String elasticsearchUrl() {
        return elasticsearch.httpUrl();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** {@code hdfs://127.0.0.1:<port>}. */
    public URI hdfsUri() {
        return hdfs.uri();
    }

    /** A fresh Hadoop client configuration for {@link #hdfsUri()} (dfs.replication = 1). */
    public Configuration hadoopConfiguration() {
        return hdfs.configuration();
    }

    /** How long {@link #start} took. */
    public long startupMillis() {
        return startupMillis;
    }

    /** The endpoints, in a stable order: elasticsearch, elasticsearch_version, kafka, hdfs. */
    public Map<String, String> endpoints() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("elasticsearch", elasticsearchUrl());
        m.put("elasticsearch_version", elasticsearch.version());
        m.put("kafka", kafkaBootstrapServers());
        m.put("hdfs", hdfsUri().toString());
        return m;
    }

    /** One line, e.g. {@code elasticsearch=http://127.0.0.1:19200 elasticsearch_version=8.19.7 kafka=... hdfs=...}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        endpoints().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    /**
     * Stops the three services: Elasticsearch (~2 s) in parallel with Kafka, then HDFS last (at JVM exit only its
     * NameNode can be stopped, and the DataNode would log errors for as long as the JVM lives on). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        CompletableFuture<Void> esStop = CompletableFuture.runAsync(elasticsearch::close,
                r -> new Thread(r, "localstack-stop-elasticsearch").start());
        closeQuietly(kafka);
        try {
            esStop.join();
        } catch (CompletionException e) {
            LOG.warn("Stopping Elasticsearch failed", e.getCause());
        }
        closeQuietly(hdfs);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Stopping {} failed", c.getClass().getSimpleName(), e);
        }
    }

    // --- temp dirs of the shared stack -----------------------------------------------------------------------------

    /** java.io.tmpdir if others can traverse it (root: Elasticsearch runs as another user), else /var/tmp or /tmp. */
    static Path reachableTempRoot() {
        List<Path> candidates = List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/var/tmp"),
                Path.of("/tmp"));
        if (!ElasticsearchNode.isRoot()) {
            return candidates.get(0);
        }
        for (Path candidate : candidates) {
            if (othersCanTraverse(candidate.toAbsolutePath())) {
                return candidate.toAbsolutePath();
            }
        }
        return Path.of("/tmp");
    }

    private static boolean othersCanTraverse(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)
                        .contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Deletes shared-stack dirs left behind by test JVMs that were killed (their owner pid is gone). */
    private static void deleteAbandonedSharedDirs(Path tmpRoot) {
        try (Stream<Path> dirs = Files.list(tmpRoot)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(SHARED_PREFIX) && Files.isDirectory(d))
                    .filter(LocalStack::ownerIsGone)
                    .filter(d -> ElasticsearchNode.processesUnder(d).isEmpty())
                    .forEach(d -> {
                        LOG.info("Deleting {}, left behind by a test JVM that is gone", d);
                        deleteQuietly(d);
                    });
        } catch (IOException e) {
            LOG.debug("Cannot list {}", tmpRoot, e);
        }
    }

    private static boolean ownerIsGone(Path dir) {
        try {
            long owner = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).trim());
            return ProcessHandle.of(owner).map(ph -> !ph.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false; // not ours, or still being set up
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            ElasticsearchNode.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}", dir, e);
        }
    }
}
