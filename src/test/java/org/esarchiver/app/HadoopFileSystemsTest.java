package org.esarchiver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.client.impl.DfsClientConf;
import org.esarchiver.config.HadoopConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopFileSystemsTest {

  private static final String DELAY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  private static final String RETRIES = "dfs.client.block.write.locateFollowingBlock.retries";

  @Test
  void theClientAsksSoonerWhetherAClosedFileIsComplete() {
    new HdfsConfiguration(); // loads hdfs-default.xml, whose 400 ms must not count as a setting of the cluster's
    DfsClientConf client = new DfsClientConf(configuration(Optional.empty(), Map.of()));

    assertThat(client.getBlockWriteLocateFollowingInitialDelayMs()).isEqualTo(25);
    assertThat(client.getNumBlockWriteLocateFollowingRetry()).isEqualTo(9);
  }

  @Test
  void theClustersConfigurationAndExtraPropertiesWin(@TempDir Path confDir) throws Exception {
    Files.writeString(confDir.resolve("hdfs-site.xml"), "<configuration><property><name>" + DELAY
        + "</name><value>700</value></property></configuration>");

    Configuration fromSite = configuration(Optional.of(confDir), Map.of());
    Configuration fromProperties = configuration(Optional.of(confDir), Map.of(DELAY, "50", RETRIES, "3"));

    assertThat(fromSite.get(DELAY)).isEqualTo("700");
    assertThat(fromSite.get(RETRIES)).isEqualTo("9");
    assertThat(fromProperties.get(DELAY)).isEqualTo("50");
    assertThat(fromProperties.get(RETRIES)).isEqualTo("3");
  }

  private static Configuration configuration(Optional<Path> confDir, Map<String, String> properties) {
    return HadoopFileSystems.configuration(new HadoopConnection(URI.create("hdfs://127.0.0.1:8020"), confDir,
        Optional.empty(), Optional.empty(), properties));
  }
}
