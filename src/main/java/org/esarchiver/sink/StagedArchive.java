package org.esarchiver.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.esarchiver.config.ParquetOptions;
import org.esarchiver.convert.ParquetFormat;

/**
 * One index's archive while it is being written: Parquet files in a staging directory that no reader looks at. It
 * becomes visible in one step, {@link #commit}: the manifest and _SUCCESS are written into the staging directory, which
 * is then renamed onto the partition path (a single atomic rename on HDFS). Until then {@link #abort} removes it all.
 */
public final class StagedArchive {
  private final FileSystem fs;
  private final Configuration conf;
  private final ObjectMapper json;
  private final ParquetOptions parquet;
  private final Path staging;
  private final Path target;

  StagedArchive(FileSystem fs, Configuration conf, ObjectMapper json, ParquetOptions parquet, Path staging, Path target) {
    this.fs = fs;
    this.conf = conf;
    this.json = json;
    this.parquet = parquet;
    this.staging = staging;
    this.target = target;
  }

  /** A new file for one read of a slice; {@code attempt} keeps a re-read from ever reusing an abandoned file. */
  public SliceFileWriter openSliceFile(int slice, int attempt, Schema schema) {
    Path path = new Path(staging, String.format("part-s%03d-a%d.parquet", slice, attempt));
    try {
      Configuration writerConf = new Configuration(conf);
      ParquetFormat.configure(writerConf);
      var writer = AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(path, writerConf))
          .withSchema(schema)
          .withConf(writerConf)
          .withCompressionCodec(parquet.compression())
          .withRowGroupSize(parquet.rowGroupBytes())
          .withWriteMode(ParquetFileWriter.Mode.CREATE)
          .build();
      return new SliceFileWriter(fs, path, writer);
    } catch (IOException e) {
      throw new SinkException("cannot create " + path + ": " + e.getMessage(), e);
    }
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

  /** Makes the archive visible at the partition path, complete with manifest and _SUCCESS, or not at all. */
  public void commit(Manifest manifest) {
    try {
      try (OutputStream out = fs.create(new Path(staging, Manifest.FILE_NAME), false)) {
        json.writeValue(out, manifest);
      }
      fs.create(new Path(staging, Manifest.SUCCESS_MARKER), false).close();
      fs.mkdirs(target.getParent());
      FileContext.getFileContext(fs.getUri(), conf).rename(staging, target, Options.Rename.NONE);
    } catch (IOException e) {
      throw new SinkException("cannot commit " + fs.makeQualified(target) + ": " + e.getMessage(), e);
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
