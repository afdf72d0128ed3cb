package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** The example files shipped in conf/ and jobs/ (and shown in the README) load as they are. */
class ExampleFilesTest {

  @Test
  void archiverYamlTargetsTheLocalDevStack() {
    ArchiverConfig config = ConfigLoader.loadArchiverConfig(Path.of("conf/archiver.yaml"), Map.of());

    assertThat(config.elasticsearch().hosts()).containsExactly(URI.create("http://127.0.0.1:19200"));
    assertThat(config.elasticsearch().username()).isEmpty();
    assertThat(config.elasticsearch().password()).isEmpty();
    assertThat(config.elasticsearch().apiKey()).isEmpty();
    assertThat(config.hadoop().defaultFs()).isEqualTo(URI.create("hdfs://127.0.0.1:19820"));
    assertThat(config.hadoop().user()).isEmpty();
    assertThat(config.hadoop().properties()).containsExactly(Map.entry("dfs.replication", "1"));
    assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
    assertThat(config.kafka().auditTopic()).isEqualTo("es-archiver.audit");
    assertThat(config.stateDir()).isEqualTo(Path.of("state").toAbsolutePath());
  }

  @Test
  void archiverYamlFollowsTheEnvironment() {
    ArchiverConfig config = ConfigLoader.loadArchiverConfig(Path.of("conf/archiver.yaml"), Map.of(
        "ES_HOSTS", "https://es1:9200,https://es2:9200", "ES_API_KEY", "a2V5", "ARCHIVE_FS", "file:///srv/archive",
        "HADOOP_USER_NAME", "archiver", "KAFKA_BOOTSTRAP", "kafka:9092", "ES_ARCHIVER_STATE", "/var/lib/esa"));

    assertThat(config.elasticsearch().hosts())
        .containsExactly(URI.create("https://es1:9200"), URI.create("https://es2:9200"));
    assertThat(config.elasticsearch().apiKey()).contains(new Secret("a2V5"));
    assertThat(config.hadoop().defaultFs()).isEqualTo(URI.create("file:///srv/archive"));
    assertThat(config.hadoop().user()).contains("archiver");
    assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/esa"));
  }

  @Test
  void accessLogsJobIsTheDemoJob() {
    JobDefinition job = ConfigLoader.loadJob(Path.of("jobs"), "access-logs", Map.of());

    assertThat(job.name()).isEqualTo("access-logs");
    assertThat(job.indexPatterns()).containsExactly("logs-*");
    assertThat(job.age()).isEqualTo(new AgeRule("yyyy.MM.dd", ZoneId.of("UTC"), Duration.ofDays(3)));
    assertThat(job.destination()).isEqualTo(JobDefinition.DEFAULT_DESTINATION);
    assertThat(job.arrayFields()).containsExactly("tags");
    assertThat(job.parquet()).isEqualTo(new ParquetOptions(CompressionCodecName.SNAPPY, false, 128L * 1024 * 1024));
    assertThat(job.scroll()).isEqualTo(new ScrollOptions(5000, Duration.ofMinutes(5), 4));
    assertThat(job.schedule()).contains(new Schedule("0 30 1 * * ?", ZoneId.of("UTC"), Schedule.Misfire.RUN_ONCE));
    assertThat(ConfigLoader.loadJobs(Path.of("jobs"), Map.of())).extracting(JobDefinition::name)
        .contains("access-logs");
  }
}
