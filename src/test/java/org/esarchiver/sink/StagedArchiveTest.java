package org.esarchiver.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.esarchiver.config.ParquetOptions;
import org.esarchiver.verify.IdChecksum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging, rolling, read-back and the commit protocol on a local Hadoop filesystem. */
class StagedArchiveTest {
  private static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "Document", "fields": [
        {"name": "_id", "type": "string"}, {"name": "payload", "type": "string"}]}""");
  private static final ParquetOptions SMALL_FILES =
      new ParquetOptions(CompressionCodecName.UNCOMPRESSED, false, 1L << 20, 64L << 10);

  @TempDir
  Path dir;

  private FileSystem fs;
  private ArchiveSink sink;

  @BeforeEach
  void open() throws IOException {
    Configuration conf = new Configuration();
    fs = FileSystem.newInstance(dir.toUri(), conf);
    sink = new ArchiveSink(fs, conf, dir.toString());
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  @Test
  void rollsFilesAtTheTargetSizeAndReadsEveryIdBack() {
    StagedArchive staged = sink.stage("/archive/job/dt=2026-01-01", "run1", SMALL_FILES);
    IdChecksum written = new IdChecksum();
    SliceFileWriter writer = staged.openSliceFile(0, 1, SCHEMA);
    Random random = new Random(1);
    for (int i = 0; i < 3000; i++) {
      writer.write(record("doc-" + i, random));
      written.add("doc-" + i);
    }
    writer.close();

    List<WrittenFile> files = staged.readBack();
    assertThat(files.size()).as("about 630 KB of rows in 64 KB files").isBetween(8, 12);
    assertThat(files).extracting(WrittenFile::name).contains("part-s000-a1.parquet", "part-s000-a1-f2.parquet");
    assertThat(files).allSatisfy(file -> assertThat(file.bytes()).isLessThan(2 * (64L << 10)));
    assertThat(files.stream().mapToLong(WrittenFile::rows).sum()).isEqualTo(3000);
    assertThat(writer.rowsByFile().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3000);
    Map<String, IdChecksum> readBack = staged.idChecksums();
    IdChecksum total = new IdChecksum();
    readBack.values().forEach(total::add);
    assertThat(total).isEqualTo(written);
    for (WrittenFile file : files) {
      assertThat(readBack.get(file.name()).count()).isEqualTo(writer.rowsByFile().get(file.name()));
    }
  }

  @Test
  void discardRemovesEveryFileOfTheAttempt() throws IOException {
    StagedArchive staged = sink.stage("/archive/job/dt=2026-01-01", "run1", SMALL_FILES);
    SliceFileWriter writer = staged.openSliceFile(0, 1, SCHEMA);
    Random random = new Random(2);
    for (int i = 0; i < 2000; i++) {
      writer.write(record("doc-" + i, random));
    }
    writer.discard();
    assertThat(fs.listStatus(staged.directory())).isEmpty();
  }

  @Test
  void aForcedCommitReplacesTheOldArchiveAndLeavesNothingBeside() throws IOException {
    String partition = "/archive/job/dt=2026-01-01";
    commit(sink.stage(partition, "run1", SMALL_FILES), "old", "run1");
    assertThatThrownBy(() -> sink.stage(partition, "run2", SMALL_FILES))
        .hasMessageContaining("is already archived; --force replaces it");

    commit(sink.stage(partition, "run2", SMALL_FILES, true), "new", "run2");

    assertThat(sink.committedManifest(partition)).get().extracting(Manifest::runId).isEqualTo("run2");
    assertThat(names("/archive/job")).containsExactly("dt=2026-01-01");
  }

  @Test
  void cleansUpStagingOfDeadRunsAndPutsBackAnArchiveLeftAside() throws IOException {
    String partition = "/archive/job/dt=2026-01-01";
    commit(sink.stage(partition, "run1", SMALL_FILES), "old", "run1");
    // run2 died between the two renames of a forced commit: the old archive aside, the new one staged
    StagedArchive dead = sink.stage(partition, "run2", SMALL_FILES, true);
    dead.openSliceFile(0, 1, SCHEMA).close();
    fs.rename(new org.apache.hadoop.fs.Path(dir.resolve("archive/job/dt=2026-01-01").toUri()),
        new org.apache.hadoop.fs.Path(dir.resolve("archive/job/_replaced.dt=2026-01-01.run2").toUri()));
    // run3 died while writing another day; a partition whose name extends this one is not touched
    sink.stage("/archive/job/dt=2026-01-02", "run3", SMALL_FILES);
    Files.createDirectories(dir.resolve("archive/job/_staging.dt=2026-01-01.5.run4"));

    List<ArchiveSink.Leftover> cleaned = sink.cleanLeftovers(partition, "run5");

    assertThat(cleaned).extracting(ArchiveSink.Leftover::runId, ArchiveSink.Leftover::action).containsExactly(
        org.assertj.core.groups.Tuple.tuple("run2", "put back the archive it was replacing"),
        org.assertj.core.groups.Tuple.tuple("run2", "removed its staging directory"));
    assertThat(sink.committedManifest(partition)).get().extracting(Manifest::runId).isEqualTo("run1");
    assertThat(names("/archive/job")).containsExactlyInAnyOrder("dt=2026-01-01", "_staging.dt=2026-01-02.run3",
        "_staging.dt=2026-01-01.5.run4");
    assertThat(sink.cleanLeftovers(partition, "run5")).isEmpty();
  }

  private List<String> names(String path) throws IOException {
    FileStatus[] statuses = fs.listStatus(new org.apache.hadoop.fs.Path(dir.resolve(path.substring(1)).toUri()));
    return Arrays.stream(statuses).map(s -> s.getPath().getName()).filter(n -> !n.startsWith(".")).toList();
  }

  private static void commit(StagedArchive staged, String id, String runId) {
    SliceFileWriter writer = staged.openSliceFile(0, 1, SCHEMA);
    writer.write(record(id, new Random(3)));
    writer.close();
    staged.commit(new Manifest(Manifest.FORMAT_VERSION, "job", "index", runId, "path", 1, 1, 1, staged.readBack(), 1,
        1, "uncompressed", 0, 0, "sha256:x", null, Map.of(), Map.of(), List.of(), List.of(), null, Instant.EPOCH,
        Instant.EPOCH, 0, "1:0"));
  }

  private static GenericRecord record(String id, Random random) {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("_id", id);
    byte[] bytes = new byte[100];
    random.nextBytes(bytes);
    record.put("payload", java.util.HexFormat.of().formatHex(bytes));
    return record;
  }
}
