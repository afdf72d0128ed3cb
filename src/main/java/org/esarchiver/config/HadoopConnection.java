package org.esarchiver.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The archive filesystem: {@code defaultFs} such as hdfs://namenode:8020 or file:///var/lib/es-archiver, an optional
 * Hadoop configuration directory (core-site.xml, hdfs-site.xml), a Kerberos login from a keytab for a secured
 * cluster, and extra Hadoop properties applied last. Property
 * values that look like credentials are masked in {@link #toString()}.
 */
public record HadoopConnection(
    URI defaultFs,
    Optional<Path> confDir,
    Optional<String> user,
    Optional<KerberosLogin> kerberos,
    Map<String, String> properties) {

  @Override
  public String toString() {
    return "HadoopConnection[defaultFs=" + defaultFs + ", confDir=" + confDir.map(Path::toString).orElse("-")
        + ", user=" + user.orElse("-") + ", kerberos=" + kerberos.map(KerberosLogin::toString).orElse("-")
        + ", properties=" + SensitiveProperties.masked(properties) + "]";
  }
}
