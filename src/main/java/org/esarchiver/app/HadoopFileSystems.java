package org.esarchiver.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.esarchiver.config.HadoopConnection;
import org.esarchiver.sink.SinkException;

/** The Hadoop configuration and filesystem of the archive: conf dir first, then default_fs, then extra properties. */
final class HadoopFileSystems {
  private HadoopFileSystems() {}

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
    hadoop.properties().forEach(conf::set);
    return conf;
  }

  static FileSystem open(HadoopConnection hadoop, Configuration conf) {
    // Hadoop reads the user name from this property when there is no Kerberos login.
    hadoop.user().ifPresent(user -> System.setProperty("HADOOP_USER_NAME", user));
    try {
      return FileSystem.newInstance(hadoop.defaultFs(), conf);
    } catch (IOException | RuntimeException e) {
      throw new SinkException("cannot open the archive filesystem " + hadoop.defaultFs() + ": " + e.getMessage(), e);
    }
  }
}
