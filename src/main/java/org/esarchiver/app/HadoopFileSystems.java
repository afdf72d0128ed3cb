package org.esarchiver.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.client.HdfsClientConfigKeys;
import org.apache.hadoop.security.UserGroupInformation;
import org.esarchiver.config.ConfigException;
import org.esarchiver.config.HadoopConnection;
import org.esarchiver.config.KerberosLogin;
import org.esarchiver.sink.SinkException;

/**
 * The Hadoop configuration and filesystem of the archive: conf dir first, then default_fs, the Kerberos settings and
 * es-archiver's own client defaults ({@link #CLIENT_DEFAULTS}, where the conf dir does not set them), then extra
 * properties. With {@code hadoop.kerberos} the process logs in from the keytab before opening the
 * filesystem; Hadoop's own renewal thread then logs in again from the keytab before the ticket expires (at 80% of its
 * lifetime), so runs longer than a ticket's lifetime keep working.
 */
final class HadoopFileSystems {
  private HadoopFileSystems() {}

  /**
   * Closing an HDFS file asks the NameNode to complete it; when the DataNode has not yet reported the last block (it
   * does so milliseconds after acknowledging the last packet) the client sleeps before asking again, 400 ms the first
   * time by default, doubling over 5 tries. That cost about every other file close of the dev stack 400 ms, and a run
   * closes each Parquet file and the manifest on the path to its commit. es-archiver asks again after 25 ms and allows
   * 9 tries: 12.8 s of patience in all, as the default's 12.4 s. The same settings pace the retries when a new block is
   * allocated before the previous one is complete.
   */
  private static final Map<String, String> CLIENT_DEFAULTS = Map.of(
      HdfsClientConfigKeys.BlockWrite.LOCATEFOLLOWINGBLOCK_INITIAL_DELAY_MS_KEY, "25",
      HdfsClientConfigKeys.BlockWrite.LOCATEFOLLOWINGBLOCK_RETRIES_KEY, "9");

  static Configuration configuration(HadoopConnection hadoop) {
    Configuration conf = new Configuration();
    hadoop.confDir().ifPresent(dir -> {
      for (String site : new String[] {"core-site.xml", "hdfs-site.xml"}) {
        Path file = dir.resolve(site);
        if (Files.isRegularFile(file)) {
          conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
        }
      }
    });
    conf.set(FileSystem.FS_DEFAULT_NAME_KEY, hadoop.defaultFs().toString());
    if (hadoop.kerberos().isPresent()) {
      conf.set(CommonConfigurationKeysPublic.HADOOP_SECURITY_AUTHENTICATION, "kerberos");
      conf.setBoolean(CommonConfigurationKeysPublic.HADOOP_KERBEROS_KEYTAB_LOGIN_AUTORENEWAL_ENABLED, true);
    }
    CLIENT_DEFAULTS.forEach((key, value) -> {
      String[] sources = conf.getPropertySources(key);
      if (sources == null || Arrays.stream(sources).allMatch(source -> source.endsWith("-default.xml"))) {
        conf.set(key, value);
      }
    });
    hadoop.properties().forEach(conf::set);
    return conf;
  }

  static FileSystem open(HadoopConnection hadoop, Configuration conf) {
    hadoop.kerberos().ifPresent(kerberos -> login(kerberos, conf));
    // Hadoop reads the user name from this property when there is no Kerberos login.
    hadoop.user().ifPresent(user -> System.setProperty("HADOOP_USER_NAME", user));
    try {
      return FileSystem.newInstance(hadoop.defaultFs(), conf);
    } catch (IOException | RuntimeException e) {
      throw new SinkException("cannot open the archive filesystem " + hadoop.defaultFs() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Logs the process in as the principal, from its keytab (the login is process-wide, as Hadoop's clients expect). A
   * principal the KDC does not know, or a keytab without its keys, is a configuration error naming both.
   */
  private static void login(KerberosLogin kerberos, Configuration conf) {
    UserGroupInformation.setConfiguration(conf);
    try {
      UserGroupInformation.loginUserFromKeytab(kerberos.principal(), kerberos.keytab().toString());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("hadoop.kerberos: cannot log in as " + kerberos.principal() + " with keytab "
          + kerberos.keytab() + ": " + reason(kerberos, e), e);
    }
  }

  /**
   * The JDK says "Unable to obtain password from user" when the keytab has no key of the principal (a keytab of
   * another principal, or a misspelled principal): say that instead.
   */
  private static String reason(KerberosLogin kerberos, Throwable e) {
    try {
      KeyTab keytab = KeyTab.getInstance(kerberos.keytab().toFile());
      if (keytab.getKeys(new KerberosPrincipal(kerberos.principal())).length == 0) {
        return "the keytab holds no key of this principal";
      }
    } catch (IllegalArgumentException | SecurityException unreadable) {
      // no realm to complete the principal with, or the keytab cannot be read: the login's own reason says it
    }
    return rootMessage(e);
  }

  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null) {
        message = cause.getMessage();
      }
    }
    return message != null ? message : e.getClass().getSimpleName();
  }
}
