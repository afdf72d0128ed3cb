package org.esarchiver.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kerberos realm (Hadoop's MiniKdc) and a secured HDFS in it (MiniDFSCluster): Kerberos RPC authentication, block
 * access tokens and SASL-authenticated data transfer on unprivileged ports, as Hadoop's own SaslDataTransferTestCase
 * sets them up. NameNode and DataNode log in as {@code hdfs/localhost} (the HDFS superuser {@code hdfs}) from a keytab
 * MiniKdc writes; the KDC issues tickets of {@code ticketLifetime} at most.
 *
 * <p>Kerberos login state is JVM-wide: this JVM becomes a Kerberos client of the realm (its login user is
 * {@code hdfs}), so only tests that run in a JVM of their own may start it (see the {@code kerberos} failsafe
 * execution).
 */
public final class KerberizedHdfs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KerberizedHdfs.class);
    /** The realm of MiniKdc's default configuration (org.name EXAMPLE, org.domain COM). */
    public static final String REALM = "EXAMPLE.COM";
    /**
     * The principal of the NameNode and DataNode. Not {@code hdfs/_HOST}: the nodes would resolve {@code _HOST} to
     * their bind address, 127.0.0.1, while clients resolve it to the canonical name of that address, localhost.
     */
    public static final String HDFS_PRINCIPAL = "hdfs/localhost@" + REALM;
    /** The NameNode's principal as a client configures it: {@code _HOST} is the canonical name of its address. */
    public static final String CLIENT_HDFS_PRINCIPAL = "hdfs/_HOST@" + REALM;

    private final MiniKdc kdc;
    private final Path keytabDir;
    private final HdfsCluster hdfs;

    private KerberizedHdfs(MiniKdc kdc, Path keytabDir, HdfsCluster hdfs) {
        this.kdc = kdc;
        this.keytabDir = keytabDir;
        this.hdfs = hdfs;
    }

    /** Starts the KDC, then the secured cluster; everything lives under {@code baseDir}. */
    public static KerberizedHdfs start(Path baseDir, Duration ticketLifetime) {
        Path base = baseDir.toAbsolutePath().normalize();
        MiniKdc kdc = null;
        try {
            Path kdcDir = Files.createDirectories(base.resolve("kdc"));
            Path keytabDir = Files.createDirectories(base.resolve("keytabs"));
            Properties kdcConf = MiniKdc.createConf();
            // Kerby reads the maximum lifetime in seconds
            kdcConf.setProperty(MiniKdc.MAX_TICKET_LIFETIME, Long.toString(ticketLifetime.toSeconds()));
            kdc = new MiniKdc(kdcConf, kdcDir.toFile());
            kdc.start(); // also points this JVM at its krb5.conf (java.security.krb5.conf)
            Path hdfsKeytab = keytabDir.resolve("hdfs.keytab");
            kdc.createPrincipal(hdfsKeytab.toFile(), "hdfs/localhost", "HTTP/localhost");

            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("hadoop.security.authentication", "kerberos");
            settings.put("dfs.namenode.kerberos.principal", HDFS_PRINCIPAL);
            settings.put("dfs.namenode.keytab.file", hdfsKeytab.toString());
            settings.put("dfs.datanode.kerberos.principal", HDFS_PRINCIPAL);
            settings.put("dfs.datanode.keytab.file", hdfsKeytab.toString());
            settings.put("dfs.web.authentication.kerberos.principal", "HTTP/localhost@" + REALM);
            settings.put("dfs.web.authentication.kerberos.keytab", hdfsKeytab.toString());
            settings.put("dfs.block.access.token.enable", "true");
            settings.put("dfs.data.transfer.protection", "authentication");
            // SASL on the data transfer port instead of a privileged port and a root-started DataNode
            settings.put("ignore.secure.ports.for.testing", "true");
            // the nodes and this JVM's clients log in again before their short tickets expire
            settings.put("hadoop.kerberos.keytab.login.autorenewal.enabled", "true");
            settings.put("hadoop.kerberos.min.seconds.before.relogin", "1");
            Configuration conf = new Configuration();
            settings.forEach(conf::set);
            UserGroupInformation.setConfiguration(conf);

            HdfsCluster hdfs = HdfsCluster.start(base.resolve("hdfs"), new HdfsCluster.Ports(0, 0, 0, 0, 0, 0), false,
                    settings);
            LOG.info("Kerberos realm {} (KDC {}:{}) and secured HDFS on {} are up", REALM, kdc.getHost(),
                    kdc.getPort(), hdfs.uri());
            return new KerberizedHdfs(kdc, keytabDir, hdfs);
        } catch (Exception e) {
            if (kdc != null) {
                kdc.stop();
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Cannot start the Kerberos realm and secured HDFS in " + base, e);
        }
    }

    /**
     * Creates {@code principal} (without realm, e.g. {@code es-archiver/localhost}) with a random key, written to a
     * keytab of its own; returns the keytab.
     */
    public Path createPrincipal(String principal, String keytabName) {
        File keytab = keytabDir.resolve(keytabName).toFile();
        try {
            kdc.createPrincipal(keytab, principal);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the principal " + principal, e);
        }
        return keytab.toPath();
    }

    /** The KDC's krb5.conf, for the JVMs of the archiver ({@code -Djava.security.krb5.conf}). */
    public Path krb5Conf() {
        return kdc.getKrb5conf().toPath();
    }

    /** {@code hdfs://127.0.0.1:<namenode port>}. */
    public URI uri() {
        return hdfs.uri();
    }

    /** A client configuration of the cluster; its filesystems act as this JVM's login user, the superuser hdfs. */
    public Configuration configuration() {
        return hdfs.configuration();
    }

    /**
     * What a client must know of the cluster, as an {@code hdfs-site.xml} in {@code confDir}: the NameNode's principal
     * and the data transfer protection (no keytab of the cluster).
     */
    public Path writeClientConf(Path confDir) {
        try {
            Files.createDirectories(confDir);
            Files.writeString(confDir.resolve("hdfs-site.xml"), """
                    <?xml version="1.0"?>
                    <configuration>
                      <property><name>dfs.namenode.kerberos.principal</name><value>%s</value></property>
                      <property><name>dfs.data.transfer.protection</name><value>authentication</value></property>
                      <property><name>dfs.block.access.token.enable</name><value>true</value></property>
                    </configuration>
                    """.formatted(CLIENT_HDFS_PRINCIPAL));
            return confDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            hdfs.close();
        } finally {
            kdc.stop();
        }
    }
}
