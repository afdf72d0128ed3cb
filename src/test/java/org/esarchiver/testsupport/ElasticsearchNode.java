package org.esarchiver.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Elasticsearch node, run as a separate process from the integ-test-zip distribution that the build unpacks into
 * {@code target/es-dist/elasticsearch-<version>}.
 *
 * <p>The distribution is copied into {@code <baseDir>/elasticsearch-<version>} (once; an existing home is reused, its
 * {@code data/} survives), {@code config/elasticsearch.yml} is rewritten on every start, and the node is started
 * daemonized ({@code bin/elasticsearch -d -p es.pid}). Elasticsearch refuses to run as root, so when the caller is root
 * the node runs as the unprivileged system user {@value #RUN_AS_USER} (created once with {@code useradd --system}) via
 * {@code runuser}; the home must then be reachable by that user (use a base dir under {@code /tmp} or
 * {@code /var/tmp}).
 *
 * <p>Stopping is reliable: {@link #close()} sends SIGTERM and, after 30 s, SIGKILL; a JVM shutdown hook does the same;
 * and a tiny watchdog process kills the node when this JVM dies without running its hooks (SIGKILL, halt).
 */
public final class ElasticsearchNode implements AutoCloseable {

    /**
     * Security on: HTTPS with the server certificate of {@code certificates} (sent with its CA, as Elasticsearch's own
     * auto-configuration does) and file-realm users that the node's own {@code bin/elasticsearch-users} creates, with
     * the roles of {@code rolesYml} ({@code config/roles.yml}). The first user must be a superuser: the node's health
     * is checked as that user. Transport TLS stays off (single-node discovery).
     *
     * <p>File realm, not the security API: the native realm and API keys live in the {@code .security} index, whose
     * mapping needs the analysis-common module that the integ-test-zip distribution does not ship.
     */
    public record Security(TestCertificates certificates, List<User> users, String rolesYml) {}

    /** A file-realm user. */
    public record User(String name, String password, String role) {
        @Override
        public String toString() {
            return "User[" + name + ", role " + role + "]";
        }
    }

    /** The unprivileged user that runs Elasticsearch when the caller is root. */
    public static final String RUN_AS_USER = "esarchiver";

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchNode.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Object USER_LOCK = new Object();

    private final String version;
    private final Path home;
    private final String clusterName;
    private final int httpPort;
    private final int transportPort;
    private final Optional<Security> security;
    private final HttpClient http;
    private final Thread shutdownHook;
    private volatile long pid = -1;
    private volatile Process watchdog;
    private boolean stopped;

    private ElasticsearchNode(String version, Path home, String clusterName, int httpPort, int transportPort,
            Optional<Security> security) {
        this.version = version;
        this.home = home;
        this.clusterName = clusterName;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
        this.security = security;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1);
        security.ifPresent(s -> http.sslContext(TrustedCa.sslContext(s.certificates().caCertificate())));
        this.http = http.build();
        this.shutdownHook = new Thread(this::stopQuietly, "elasticsearch-node-stop-" + httpPort);
    }

    /** Starts a node with cluster name {@code es-archiver}. */
    public static ElasticsearchNode start(String version, Path distDir, Path baseDir, int httpPort, int transportPort) {
        return start(version, distDir, baseDir, httpPort, transportPort, "es-archiver");
    }

    /**
     * Starts a node and waits until the cluster is at least yellow (300 s at most: a loaded 2-core machine needs more than the usual 20 s).
     *
     * @param version the Elasticsearch version, e.g. {@code 8.19.7} or {@code 9.2.0}
     * @param distDir the directory holding the unpacked {@code elasticsearch-<version>} distribution (target/es-dist)
     * @param baseDir the node's home is {@code <baseDir>/elasticsearch-<version>}
     * @throws IllegalStateException if the distribution is missing or the node does not come up (with the log's tail)
     */
    public static ElasticsearchNode start(
            String version, Path distDir, Path baseDir, int httpPort, int transportPort, String clusterName) {
        return start(version, distDir, baseDir, httpPort, transportPort, clusterName, Optional.empty());
    }

    /** Starts a node with security on: HTTPS only, every request authenticated (see {@link Security}). */
    public static ElasticsearchNode startSecured(
            String version, Path distDir, Path baseDir, int httpPort, int transportPort, Security security) {
        return start(version, distDir, baseDir, httpPort, transportPort, "es-archiver-secured",
                Optional.of(security));
    }

    private static ElasticsearchNode start(String version, Path distDir, Path baseDir, int httpPort,
            int transportPort, String clusterName, Optional<Security> security) {
        Path dist = requireDistribution(version, distDir);
        Path home = baseDir.toAbsolutePath().normalize().resolve("elasticsearch-" + version);
        ElasticsearchNode node = new ElasticsearchNode(version, home, clusterName, httpPort, transportPort, security);
        try {
            node.doStart(dist);
            return node;
        } catch (RuntimeException | Error e) {
            try {
                node.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The unpacked distribution {@code <distDir>/elasticsearch-<version>}.
     *
     * @throws IllegalStateException with instructions if it is missing
     */
    public static Path requireDistribution(String version, Path distDir) {
        Path dist = distDir.toAbsolutePath().normalize().resolve("elasticsearch-" + version);
        if (!Files.isRegularFile(dist.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("Elasticsearch distribution " + version + " not found at " + dist
                    + ". Run `mvn generate-test-resources -Des.version=" + version + "` (it unpacks"
                    + " org.elasticsearch.distribution.integ-test-zip:elasticsearch:" + version + ":zip into"
                    + " target/es-dist), or pass -Des.dist.dir=<dir containing elasticsearch-" + version + ">.");
        }
        return dist;
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://...} with security on. */
    public String httpUrl() {
        return (security.isPresent() ? "https" : "http") + "://127.0.0.1:" + httpPort;
    }

    public Optional<Security> security() {
        return security;
    }

    public int httpPort() {
        return httpPort;
    }

    public int transportPort() {
        return transportPort;
    }

    public String version() {
        return version;
    }

    public String clusterName() {
        return clusterName;
    }

    /** The node's own copy of the distribution (config, data, logs, tmp live inside it). */
    public Path home() {
        return home;
    }

    /** The pid of the Elasticsearch server process, or -1 before start / after stop. */
    public long pid() {
        return pid;
    }

    public Path logFile() {
        return home.resolve("logs").resolve(clusterName + ".log");
    }

    public boolean isRunning() {
        long p = pid;
        return p > 0 && ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNotRegistered) {
            // nothing to do
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void doStart(Path dist) {
        long t0 = System.nanoTime();
        boolean root = isRoot();
        try {
            if (root) {
                Files.createDirectories(home.getParent());
                requireReachable(home);
            }
            installHome(dist);
            killStrays("a stale node left running in " + home);
            for (String dir : List.of("data", "logs", "tmp")) {
                Files.createDirectories(home.resolve(dir));
            }
            Files.deleteIfExists(pidFile());
            writeConfig();
            if (security.isPresent()) {
                installSecurity(security.get(), javaHomeFor(version));
            }
            if (root) {
                ensureRunAsUser();
                run(List.of("chown", "-R", RUN_AS_USER + ":" + RUN_AS_USER, home.toString()), Duration.ofSeconds(60));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Elasticsearch home " + home, e);
        }

        long prepared = System.nanoTime();
        Path javaHome = javaHomeFor(version);
        Map<String, String> esEnv = Map.of(
                "ES_JAVA_HOME", javaHome.toString(),
                "ES_TMPDIR", home.resolve("tmp").toString(),
                "ES_JAVA_OPTS", "-Xms512m -Xmx512m -XX:-UsePerfData",
                // the launcher's own JVM: keep its temp files (final-flags*) in the home, not in /tmp
                "CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + home.resolve("tmp") + " -XX:-UsePerfData",
                "ES_PATH_CONF", home.resolve("config").toString(),
                "HOME", home.toString());
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", RUN_AS_USER, "--", "env"));
            esEnv.forEach((k, v) -> command.add(k + "=" + v));
        }
        command.addAll(List.of(home.resolve("bin/elasticsearch").toString(), "-d", "-p", pidFile().toString()));

        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        for (String inherited : List.of("JAVA_HOME", "ES_JAVA_OPTS", "CLI_JAVA_OPTS", "ES_PATH_CONF",
                "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH")) {
            env.remove(inherited);
        }
        env.putAll(esEnv);
        Path startupLog = home.resolve("startup.log");
        pb.redirectErrorStream(true).redirectOutput(startupLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));

        LOG.info("Starting Elasticsearch {} on {} (home {}, java {})", version, httpUrl(), home, javaHome);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long launched = 0;
        try {
            // With -d the launcher returns once the server process reports that it started (or failed).
            Process launcher = pb.start();
            if (!launcher.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
                throw failure("the launcher did not return within " + START_TIMEOUT.toSeconds() + "s", null);
            }
            if (launcher.exitValue() != 0) {
                throw failure("the launcher exited with " + launcher.exitValue(), null);
            }
            pid = readPid(deadline);
            launched = System.nanoTime();
            startWatchdog();
            waitForYellow(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted", e);
        } catch (IOException e) {
            throw failure(e.toString(), e);
        }
        long now = System.nanoTime();
        LOG.info("Elasticsearch {} is up on {} (pid {}) in {} ms (home {} ms, launcher {} ms, health {} ms)", version,
                httpUrl(), pid, TimeUnit.NANOSECONDS.toMillis(now - t0), TimeUnit.NANOSECONDS.toMillis(prepared - t0),
                TimeUnit.NANOSECONDS.toMillis(launched - prepared), TimeUnit.NANOSECONDS.toMillis(now - launched));
    }

    private void installHome(Path dist) throws IOException {
        if (Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
            return; // reuse: keeps data/ (persistent dev stack)
        }
        Files.createDirectories(home.getParent());
        Path staging = home.resolveSibling(home.getFileName() + ".copying");
        deleteRecursively(staging);
        copyTree(dist, staging);
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeConfig() throws IOException {
        String yml = String.join("\n",
                "# written by " + ElasticsearchNode.class.getName() + " on every start",
                "cluster.name: " + clusterName,
                "node.name: node-1",
                "path.data: " + home.resolve("data"),
                "path.logs: " + home.resolve("logs"),
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "discovery.type: single-node",
                security.isEmpty() ? "xpack.security.enabled: false" : String.join("\n",
                        "xpack.security.enabled: true",
                        "xpack.security.http.ssl.enabled: true",
                        "xpack.security.http.ssl.certificate: certs/server.crt",
                        "xpack.security.http.ssl.key: certs/server.key",
                        "xpack.security.http.ssl.certificate_authorities: certs/ca.crt",
                        "xpack.security.transport.ssl.enabled: false",
                        "xpack.security.authc.api_key.enabled: true"),
                "action.destructive_requires_name: false",
                // a nearly full disk must not turn the test cluster read-only or leave shards unassigned
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "");
        Files.writeString(home.resolve("config/elasticsearch.yml"), yml, StandardCharsets.UTF_8);
    }

    /** Copies the certificates into config/certs and creates the superuser in the file realm (fresh every start). */
    private void installSecurity(Security s, Path javaHome) throws IOException {
        Path certs = Files.createDirectories(home.resolve("config/certs"));
        Files.copy(s.certificates().caCertificate(), certs.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(certs.resolve("server.crt"), Files.readString(s.certificates().serverCertificate())
                + Files.readString(s.certificates().caCertificate()));
        Files.copy(s.certificates().serverKey(), certs.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(home.resolve("config/users"), "");
        Files.writeString(home.resolve("config/users_roles"), "");
        Files.writeString(home.resolve("config/roles.yml"), s.rolesYml());
        for (User user : s.users()) {
            addUser(user, javaHome);
        }
    }

    private void addUser(User user, Path javaHome) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/elasticsearch-users").toString(), "useradd",
                user.name(), "-p", user.password(), "-r", user.role())
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        for (String inherited : List.of("JAVA_HOME", "ES_JAVA_OPTS", "CLI_JAVA_OPTS", "JAVA_TOOL_OPTIONS",
                "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH")) {
            pb.environment().remove(inherited);
        }
        pb.environment().putAll(Map.of("ES_JAVA_HOME", javaHome.toString(),
                "ES_PATH_CONF", home.resolve("config").toString(),
                "CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + home.resolve("tmp") + " -XX:-UsePerfData"));
        Process tool = pb.start();
        String output;
        try {
            output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IOException("bin/elasticsearch-users useradd " + user.name() + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tool.destroyForcibly();
            throw new IOException("interrupted while creating the Elasticsearch superuser", e);
        }
    }

    private long readPid(long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(pidFile())) {
                String text = Files.readString(pidFile()).trim();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(100);
        }
        throw failure("no pid file " + pidFile(), null);
    }

    private void waitForYellow(long deadline) throws InterruptedException {
        URI uri = URI.create(httpUrl() + "/_cluster/health?wait_for_status=yellow&timeout=1s");
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw failure("the Elasticsearch process (pid " + pid + ") died", null);
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
                security.map(s -> s.users().get(0)).ifPresent(u -> request.header("Authorization", "Basic "
                        + java.util.Base64.getEncoder().encodeToString(
                                (u.name() + ":" + u.password()).getBytes(StandardCharsets.UTF_8))));
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                last = "HTTP " + response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && !response.body().contains("\"timed_out\":true")) {
                    return;
                }
            } catch (IOException notYetListening) {
                last = notYetListening.toString();
            }
            Thread.sleep(250);
        }
        throw failure("cluster not yellow within " + START_TIMEOUT.toSeconds() + "s; last health answer: " + last,
                null);
    }

    private IllegalStateException failure(String why, Throwable cause) {
        StringBuilder msg = new StringBuilder("Elasticsearch ").append(version).append(" failed to start on ")
                .append(httpUrl()).append(": ").append(why).append("\n").append(errorLines(logFile(), 5))
                .append("--- ").append(home.resolve("startup.log"))
                .append(" ---\n").append(tail(home.resolve("startup.log"), 40))
                .append("--- ").append(logFile()).append(" ---\n").append(tail(logFile(), 60));
        return new IllegalStateException(msg.toString(), cause);
    }

    /**
     * The first {@code max} ERROR entries of an Elasticsearch log, each with the lines that follow it up to its first
     * stack frame (they name the cause, e.g. {@code BindHttpException: Failed to bind to 127.0.0.1:19200}).
     */
    static String errorLines(Path log, int max) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int found = 0;
        for (int i = 0; i < lines.size() && found < max; i++) {
            if (!lines.get(i).contains("][ERROR]")) {
                continue;
            }
            found++;
            sb.append(lines.get(i)).append('\n');
            for (int j = i + 1; j < lines.size() && j <= i + 3 && !isStackFrame(lines.get(j))
                    && !lines.get(j).startsWith("["); j++) {
                sb.append(lines.get(j)).append('\n');
            }
        }
        return sb.toString();
    }

    /** The last {@code lines} lines of a file without stack frames, or a note that it cannot be read. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !isStackFrame(l)).toList();
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return last.isEmpty() ? "(empty)\n" : String.join("\n", last) + "\n";
        } catch (IOException e) {
            return "(" + e + ")\n";
        }
    }

    private static boolean isStackFrame(String line) {
        String t = line.stripLeading();
        return (t.startsWith("at ") || t.startsWith("... ")) && !t.equals(line);
    }

    // --- stopping ----------------------------------------------------------------------------------------------------

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Set<ProcessHandle> targets = new LinkedHashSet<>();
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(targets::add);
        }
        targets.addAll(processesOfThisHome());
        terminate(targets, STOP_TIMEOUT);
        if (!targets.isEmpty()) {
            LOG.info("Elasticsearch {} on {} stopped", version, httpUrl());
        }
        Process w = watchdog;
        if (w != null) {
            w.destroyForcibly();
        }
        pid = -1;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("Stopping Elasticsearch on {} failed", httpUrl(), e);
        }
    }

    private void killStrays(String what) {
        List<ProcessHandle> strays = processesOfThisHome();
        if (!strays.isEmpty()) {
            LOG.warn("Stopping {}: pids {}", what, strays.stream().map(ProcessHandle::pid).toList());
            terminate(strays, STOP_TIMEOUT);
        }
    }

    /** Elasticsearch server processes whose command line names this home (-Des.path.home=...). */
    private List<ProcessHandle> processesOfThisHome() {
        String marker = "-Des.path.home=" + home;
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(ph -> commandLine(ph).contains(marker)).toList();
        }
    }

    /** Elasticsearch server processes whose home (-Des.path.home=...) is {@code dir} or lies under it. */
    static List<ProcessHandle> processesUnder(Path dir) {
        String marker = "-Des.path.home=" + dir.toAbsolutePath().normalize();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(ph -> commandLine(ph).stream()
                    .anyMatch(arg -> arg.equals(marker) || arg.startsWith(marker + "/"))).toList();
        }
    }

    private static List<String> commandLine(ProcessHandle ph) {
        Path cmdline = Path.of("/proc", Long.toString(ph.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
            }
        } catch (IOException processGone) {
            return List.of();
        }
        return ph.info().arguments().map(List::of).orElse(List.of());
    }

    private static void terminate(Iterable<ProcessHandle> processes, Duration timeout) {
        List<ProcessHandle> alive = new ArrayList<>();
        processes.forEach(ph -> {
            if (ph.isAlive() && ph.destroy()) {
                alive.add(ph);
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle ph : alive) {
            if (!waitForExit(ph, deadline)) {
                LOG.warn("Elasticsearch pid {} did not stop within {}s; killing it", ph.pid(), timeout.toSeconds());
                ph.destroyForcibly();
                waitForExit(ph, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            }
        }
    }

    private static boolean waitForExit(ProcessHandle ph, long deadline) {
        while (ph.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !ph.isAlive();
            }
        }
        return true;
    }

    /**
     * A {@code sh} process that blocks reading its stdin, a pipe from this JVM. The pipe closes when this JVM dies for
     * whatever reason; the watchdog then stops the node (if that pid still is this home's Elasticsearch). On a normal
     * stop the node is stopped first and the watchdog is killed.
     */
    private void startWatchdog() throws IOException {
        String script = String.join("\n",
                "read -r _",
                "pid=\"$1\"; marker=\"-Des.path.home=$2\"",
                "tr '\\0' '\\n' < /proc/$pid/cmdline 2>/dev/null | grep -qxF -- \"$marker\" || exit 0",
                "kill -TERM \"$pid\" 2>/dev/null",
                "i=0; while kill -0 \"$pid\" 2>/dev/null && [ $i -lt 60 ]; do sleep 0.5; i=$((i+1)); done",
                "kill -KILL \"$pid\" 2>/dev/null",
                "exit 0");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script, "es-watchdog", Long.toString(pid),
                home.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        watchdog = pb.start(); // stdin stays a pipe held open by this JVM
    }

    // --- root handling ---------------------------------------------------------------------------------------------

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void ensureRunAsUser() throws IOException {
        synchronized (USER_LOCK) {
            if (userExists()) {
                return;
            }
            LOG.info("Creating system user {} to run Elasticsearch (it refuses to run as root)", RUN_AS_USER);
            int rc = run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    RUN_AS_USER), Duration.ofSeconds(30));
            // 9: already exists (created concurrently by another JVM)
            if (rc != 0 && rc != 9 && !userExists()) {
                throw new IOException("useradd --system " + RUN_AS_USER + " failed with exit code " + rc);
            }
        }
    }

    private static boolean userExists() throws IOException {
        return run(List.of("id", "-u", RUN_AS_USER), Duration.ofSeconds(10)) == 0;
    }

    /**
     * When running as root, Elasticsearch runs as {@value #RUN_AS_USER}, which must be able to reach {@code dir}: every
     * existing ancestor must be searchable by others. No-op when not root.
     *
     * @throws IllegalStateException naming the directory that is not searchable (e.g. /root)
     */
    public static void requireReachable(Path dir) throws IOException {
        if (!isRoot()) {
            return;
        }
        for (Path p = dir.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("The Elasticsearch home " + dir + " is not reachable by user "
                        + RUN_AS_USER + ": " + p + " is not searchable by others (" + perms + "). Use a base dir under"
                        + " /tmp or /var/tmp, or chmod o+x " + p);
            }
        }
    }

    private static int run(List<String> command, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " timed out");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(command + " interrupted", e);
        }
    }

    // --- java selection --------------------------------------------------------------------------------------------

    /**
     * The JDK that runs Elasticsearch {@code version}: {@code ES_JAVA_HOME} if set; else, for 9.x and later (which need
     * Java 21+), the current JVM if it is 21+, otherwise the newest JDK 21+ under /usr/lib/jvm; else the current JVM.
     */
    public static Path javaHomeFor(String version) {
        String fromEnv = System.getenv("ES_JAVA_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path current = Path.of(System.getProperty("java.home"));
        int esMajor = Integer.parseInt(version.split("\\.")[0]);
        if (esMajor < 9 || Runtime.version().feature() >= 21) {
            return current;
        }
        return findJdk(Path.of("/usr/lib/jvm"), 21).orElseThrow(() -> new IllegalStateException(
                "Elasticsearch " + version + " needs Java 21 or later, and none was found under /usr/lib/jvm."
                        + " Set ES_JAVA_HOME to a JDK 21+."));
    }

    static Optional<Path> findJdk(Path jvmDir, int minFeature) {
        if (!Files.isDirectory(jvmDir)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvmDir)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")))
                    .map(d -> Map.entry(d, featureVersion(d)))
                    .filter(e -> e.getValue() >= minFeature)
                    .max(Comparator.comparingInt((Map.Entry<Path, Integer> e) -> e.getValue())
                            .thenComparing(e -> e.getKey().toString()))
                    .map(Map.Entry::getKey);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int featureVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                    String first = v.split("[.+\\-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a JDK we can identify
        }
        return -1;
    }

    // --- files -----------------------------------------------------------------------------------------------------

    private Path pidFile() {
        return home.resolve("es.pid");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
