package org.esarchiver.app;

import java.io.IOException;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.esarchiver.audit.ArchiveInventory;
import org.esarchiver.audit.AuditReport;
import org.esarchiver.audit.AuditTopicReader;
import org.esarchiver.audit.AuditVerifier;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.sink.ArchiveLayout;
import org.esarchiver.sink.ArchiveSink;

/** Wires {@code audit verify}: the audit topic of the kafka section and the archive filesystem; no Elasticsearch. */
public final class ArchiveAuditor implements AutoCloseable {
  /** Metadata and offset requests; an unreachable broker fails the audit after this long. */
  private static final Duration KAFKA_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** The read of the topic fails when no record arrives for this long while partitions are still behind. */
  private static final Duration KAFKA_STALL_TIMEOUT = Duration.ofSeconds(30);

  private final FileSystem fs;
  private final ArchiveSink sink;
  private final AuditVerifier verifier;

  private ArchiveAuditor(FileSystem fs, ArchiveSink sink, AuditVerifier verifier) {
    this.fs = fs;
    this.sink = sink;
    this.verifier = verifier;
  }

  public static ArchiveAuditor open(ArchiverConfig config) {
    Configuration conf = HadoopFileSystems.configuration(config.hadoop());
    FileSystem fs = HadoopFileSystems.open(config.hadoop(), conf);
    ArchiveSink sink = new ArchiveSink(fs, conf, config.hadoop().defaultFs().getPath());
    AuditVerifier verifier = new AuditVerifier(
        new AuditTopicReader(config.kafka(), KAFKA_REQUEST_TIMEOUT, KAFKA_STALL_TIMEOUT),
        new ArchiveInventory(fs, conf));
    return new ArchiveAuditor(fs, sink, verifier);
  }

  public AuditReport verify(JobDefinition job) {
    String jobRoot = new ArchiveLayout(job.destination()).jobRoot(job.name());
    return verifier.verify(job.name(), sink.describe(jobRoot));
  }

  @Override
  public void close() {
    try {
      fs.close();
    } catch (IOException e) {
      // nothing was written through it
    }
  }
}
