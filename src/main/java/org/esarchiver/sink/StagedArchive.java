package org.esarchiver.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.esarchiver.config.ParquetOptions;
import org.esarchiver.convert.ParquetFormat;
import org.esarchiver.verify.IdChecksum;
import org.slf4j.LoggerFactory;

/**
 * One index's archive while it is being written: Parquet files in a staging directory that no reader looks at. It
 * becomes visible in one step, {@link #commit}: the manifest and _SUCCESS are written into the staging directory, which
 * is then renamed onto the partition path (a single atomic rename on HDFS). Until then {@link #abort} removes it all.
 *
 * <p>A forced re-archive ({@code replace}) cannot rename onto the old archive (HDFS renames a directory only onto an
 * absent or empty one), so it swaps in two renames: the old archive aside to {@code _replaced.<partition>.<run>}, the
 * new one in, then the old one is deleted. Between the two renames (two NameNode operations, milliseconds apart) the
 * partition path is absent; it is never partial, and both complete archives exist throughout. A run that dies in
 * that moment leaves the old archive aside, and the next run puts it back (see {@link ArchiveSink#cleanLeftovers}).
 */
public final class StagedArchive {
  static final String ID_COLUMN = "_id";

  private final FileSystem fs;
  private final Configuration conf;
  private final ObjectMapper json;
  private final ParquetOptions parquet;
  private final Path staging;
  private final Path target;
  private final String runId;
  private final boolean replace;

  StagedArchive(FileSystem fs, Configuration conf, ObjectMapper json, ParquetOptions parquet, Path staging, Path target,
      String runId, boolean replace) {
    this.fs = fs;
    this.conf = conf;
    this.json = json;
    this.parquet = parquet;
    this.staging = staging;
    this.target = target;
    this.runId = runId;
    this.replace = replace;
  }

  /** The staging directory, qualified. */
  public Path directory() {
    return fs.makeQualified(staging);
  }

  /**
   * The files for one read of a slice, rolled at the job's file size; {@code attempt} keeps a re-read from ever reusing
   * an abandoned file.
   */
  public SliceFileWriter openSliceFile(int slice, int attempt, Schema schema) {
    Configuration writerConf = new Configuration(conf);
    ParquetFormat.configure(writerConf);
    return new SliceFileWriter(fs, staging, String.format("part-s%03d-a%d", slice, attempt), parquet.fileBytes(),
        path -> ArchiveFileWriter.create(HadoopOutputFile.fromPath(path, writerConf), schema, writerConf,
            parquet.compression(), parquet.rowGroupBytes()));
  }

  /** The Parquet files now in staging, with row counts read back from their footers, not from what we think we wrote. */
  public List<WrittenFile> readBack() {
    try {
      FileStatus[] statuses = fs.listStatus(staging, p -> p.getName().endsWith(".parquet"));
      List<WrittenFile> files = new ArrayList<>();
      for (FileStatus status : Arrays.stream(statuses).sorted(Comparator.comparing(FileStatus::getPath)).toList()) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(status, conf))) {
          files.add(new WrittenFile(status.getPath().getName(), reader.getRecordCount(), status.getLen()));
        }
      }
      return files;
    } catch (IOException e) {
      throw new SinkException("cannot read back " + staging + ": " + e.getMessage(), e);
    }
  }

  /**
   * The checksum of the {@code _id} column of each Parquet file in staging, read back from the file's pages with a
   * column reader of that one column (its values' bytes, no rows assembled), by file name.
   */
  public Map<String, IdChecksum> idChecksums() {
    Map<String, IdChecksum> checksums = new TreeMap<>();
    try {
      for (FileStatus status : fs.listStatus(staging, p -> p.getName().endsWith(".parquet"))) {
        checksums.put(status.getPath().getName(), idChecksum(status));
      }
      return checksums;
    } catch (IOException | RuntimeException e) {
      throw new SinkException("cannot read the _id column back from " + staging + ": " + e.getMessage(), e);
    }
  }

  private IdChecksum idChecksum(FileStatus status) throws IOException {
    IdChecksum checksum = new IdChecksum();
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(status, conf))) {
      FileMetaData file = reader.getFooter().getFileMetaData();
      MessageType ids = new MessageType(file.getSchema().getName(), file.getSchema().getType(ID_COLUMN));
      reader.setRequestedSchema(ids);
      ColumnDescriptor column = ids.getColumns().get(0);
      for (PageReadStore rowGroup = reader.readNextRowGroup(); rowGroup != null; rowGroup = reader.readNextRowGroup()) {
        ColumnReader values = new ColumnReadStoreImpl(rowGroup, NO_ROWS, ids, file.getCreatedBy())
            .getColumnReader(column);
        for (long i = values.getTotalValueCount(); i > 0; i--) {
          if (values.getCurrentDefinitionLevel() == column.getMaxDefinitionLevel()) {
            Binary id = values.getBinary();
            checksum.add(id.getBytesUnsafe(), 0, id.length());
          }
          values.consume();
        }
      }
    }
    return checksum;
  }

  /** The column reader wants a record converter, which only assembles rows: none are. */
  private static final GroupConverter NO_ROWS = new GroupConverter() {
    @Override
    public Converter getConverter(int fieldIndex) {
      return new PrimitiveConverter() { };
    }

    @Override
    public void start() {
    }

    @Override
    public void end() {
    }
  };

  /** Makes the archive visible at the partition path, complete with manifest and _SUCCESS, or not at all. */
  public void commit(Manifest manifest) {
    try {
      try (OutputStream out = fs.create(new Path(staging, Manifest.FILE_NAME), false)) {
        json.writeValue(out, manifest);
      }
      fs.create(new Path(staging, Manifest.SUCCESS_MARKER), false).close();
      fs.mkdirs(target.getParent());
      FileContext files = FileContext.getFileContext(fs.getUri(), conf);
      if (replace && fs.exists(target)) {
        swap(files);
      } else {
        files.rename(staging, target, Options.Rename.NONE);
      }
    } catch (IOException e) {
      throw new SinkException("cannot commit " + fs.makeQualified(target) + ": " + e.getMessage(), e);
    }
  }

  private void swap(FileContext files) throws IOException {
    Path aside = new Path(target.getParent(), ArchiveSink.REPLACED_PREFIX + target.getName() + "." + runId);
    long start = System.nanoTime();
    files.rename(target, aside, Options.Rename.NONE);
    try {
      files.rename(staging, target, Options.Rename.NONE);
    } catch (IOException e) {
      files.rename(aside, target, Options.Rename.NONE);
      throw e;
    }
    LoggerFactory.getLogger(StagedArchive.class).info("{}: replaced the earlier archive; the path was absent for {} ms"
        + " between the two renames", fs.makeQualified(target), (System.nanoTime() - start) / 1_000_000);
    try {
      fs.delete(aside, true);
    } catch (IOException e) {
      // the new archive is in place; the next run removes the old one (see ArchiveSink.cleanLeftovers)
      LoggerFactory.getLogger(StagedArchive.class).warn("cannot delete the replaced archive {}: {}",
          fs.makeQualified(aside), e.getMessage());
    }
  }

  /** Removes the staging directory and everything in it; the partition path is untouched. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      throw new SinkException("cannot remove staging directory " + fs.makeQualified(staging) + ": " + e.getMessage(), e);
    }
  }
}
