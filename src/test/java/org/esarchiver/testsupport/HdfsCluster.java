package org.esarchiver.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HDFS (MiniDFSCluster: one NameNode and one DataNode) running in this JVM, every port bound to 127.0.0.1.
 *
 * <p>The root directory is made world-writable (mode 0777), so a client writing as any user can create
 * {@code /archive}; permission checks stay on. With {@code persistent} the cluster is formatted only the first time and
 * its data is kept on {@link #close()} and at JVM exit; otherwise it is formatted on start and deleted on close.
 */
public final class HdfsCluster implements AutoCloseable {

    /** The six ports of the cluster. Port 0 means an ephemeral port. */
    public record Ports(int nameNode, int nameNodeHttp, int dataNode, int dataNodeHttp, int dataNodeIpc,
            int dataNodeHttpProxy) {}

    private static final Logger LOG = LoggerFactory.getLogger(HdfsCluster.class);
    private static final String FORMATTED_MARKER = ".formatted";

    private final MiniDFSCluster cluster;
    private final URI uri;
    private final Path baseDir;
    private final boolean persistent;
    private final Map<String, String> settings;
    private boolean closed;

    private HdfsCluster(MiniDFSCluster cluster, Path baseDir, boolean persistent, Map<String, String> settings) {
        this.cluster = cluster;
        this.uri = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
        this.baseDir = baseDir;
        this.persistent = persistent;
        this.settings = Map.copyOf(settings);
    }

    /**
     * Starts the cluster with its storage under {@code baseDir} and waits until it is active.
     *
     * @param persistent format only if {@code baseDir} was never formatted, and keep the data on close
     */
    public static HdfsCluster start(Path baseDir, Ports ports, boolean persistent) {
        return start(baseDir, ports, persistent, Map.of());
    }

    /**
     * Starts the cluster with {@code settings} added to its configuration and to every client configuration it hands
     * out: the Kerberos, block token and data transfer settings of a secured cluster (see {@link KerberizedHdfs}).
     */
    public static HdfsCluster start(Path baseDir, Ports ports, boolean persistent, Map<String, String> settings) {
        long t0 = System.nanoTime();
        Path base = baseDir.toAbsolutePath().normalize();
        boolean format = !persistent || !Files.exists(base.resolve(FORMATTED_MARKER));
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        conf.set("hadoop.tmp.dir", base.resolve("tmp").toString());
        // the web apps' Jetty temp dirs: else /tmp/jetty-localhost-<port>-* are left behind
        conf.set("hadoop.http.temp.dir", base.resolve("http-tmp").toString());
        conf.set("dfs.datanode.address", "127.0.0.1:" + ports.dataNode());
        conf.set("dfs.datanode.http.address", "127.0.0.1:" + ports.dataNodeHttp());
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:" + ports.dataNodeIpc());
        // else the DataNode's internal Jetty binds localhost:<ephemeral>
        conf.set("dfs.datanode.http.internal-proxy.port", Integer.toString(ports.dataNodeHttpProxy()));
        conf.setInt("dfs.replication", 1);
        conf.setBoolean("dfs.permissions.enabled", true);
        settings.forEach(conf::set);
        MiniDFSCluster cluster;
        try {
            Files.createDirectories(base);
            cluster = new MiniDFSCluster.Builder(conf, base.toFile())
                    .nameNodePort(ports.nameNode())
                    .nameNodeHttpPort(ports.nameNodeHttp())
                    .numDataNodes(1)
                    .checkDataNodeAddrConfig(true) // without it the DataNode ports are random
                    .format(format)
                    .skipFsyncForTesting(!persistent)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the HDFS MiniDFSCluster in " + base, e);
        }
        HdfsCluster hdfs = new HdfsCluster(cluster, base, persistent, settings);
        try {
            cluster.waitActive();
            try (FileSystem fs = FileSystem.newInstance(hdfs.uri(), hdfs.configuration())) {
                fs.setPermission(new org.apache.hadoop.fs.Path("/"), new FsPermission((short) 0777));
            }
            if (format && persistent) {
                Files.writeString(base.resolve(FORMATTED_MARKER), "formatted by " + HdfsCluster.class.getName());
            }
        } catch (IOException e) {
            hdfs.close();
            throw new UncheckedIOException("HDFS MiniDFSCluster in " + base + " did not become active", e);
        } catch (RuntimeException | Error e) {
            hdfs.close();
            throw e;
        }
        LOG.info("HDFS is up on {} ({}) in {} ms", hdfs.uri(), format ? "formatted" : "existing data",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return hdfs;
    }

    /** {@code hdfs://127.0.0.1:<namenode port>}. */
    public URI uri() {
        return uri;
    }

    public int nameNodePort() {
        return uri.getPort();
    }

    /** A fresh client configuration: fs.defaultFS = {@link #uri()}, dfs.replication = 1, and the start settings. */
    public Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", uri().toString());
        conf.setInt("dfs.replication", 1);
        // one DataNode: there is no other node to replace a failed one in a write pipeline
        conf.set("dfs.client.block.write.replace-datanode-on-failure.policy", "NEVER");
        settings.forEach(conf::set);
        return conf;
    }

    public Path baseDir() {
        return baseDir;
    }

    /** The underlying MiniDFSCluster, for tests that need to restart or inspect nodes. */
    public MiniDFSCluster miniCluster() {
        return cluster;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ShutdownHookManager.get().isShutdownInProgress()) {
            stopAtJvmExit();
            return;
        }
        try {
            if (persistent) {
                // not shutdown(false): that registers the whole base dir for deletion at JVM exit (fullyDeleteOnExit)
                cluster.shutdownDataNodes();
                cluster.shutdownNameNodes();
            } else {
                cluster.shutdown(true);
            }
        } catch (IllegalStateException e) {
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                throw e;
            }
            stopAtJvmExit();
            return;
        }
        LOG.info("HDFS on {} stopped", uri());
    }

    /**
     * During JVM shutdown (a shutdown hook) the DataNode cannot be stopped: it removes a hook from Hadoop's
     * ShutdownHookManager, which then throws "Shutdown in progress, cannot remove a shutdownHook". Stop only the
     * NameNode, which closes (flushes) its edit log; the DataNode's blocks are already on disk and the process ends.
     */
    private void stopAtJvmExit() {
        try {
            cluster.shutdownNameNodes();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the HDFS NameNode at JVM exit failed", e);
        }
        if (!persistent) {
            try {
                ElasticsearchNode.deleteRecursively(baseDir);
            } catch (IOException e) {
                LOG.debug("Cannot delete {}", baseDir, e);
            }
        }
        LOG.info("HDFS on {} stopped (NameNode only: JVM exit)", uri());
    }
}
