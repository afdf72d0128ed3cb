package org.esarchiver.sink;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Syncable;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;

class ArchiveFileWriterTest {

  private static final Schema SCHEMA = SchemaBuilder.record("doc").fields().requiredString("_id").endRecord();

  /**
   * An HDFS stream whose pipeline broke (a NameNode or DataNode gone, a quota) throws the same exception again on
   * every later call, close included; Parquet's closing of its stream then fails with "Self-suppression not
   * permitted". The writer reports the stream's own error.
   */
  @Test
  void aStreamThatFailsAgainOnCloseReportsItsOwnError() throws IOException {
    IOException broken = new IOException("DataNode gone");
    BreakingStream stream = new BreakingStream(broken);
    ArchiveFileWriter writer = ArchiveFileWriter.create(outputFile(stream), SCHEMA, new Configuration(false),
        CompressionCodecName.UNCOMPRESSED, 1 << 20);
    GenericData.Record record = new GenericData.Record(SCHEMA);
    record.put("_id", "1");
    writer.write(record);

    stream.broken = true;

    assertThatThrownBy(writer::close).isSameAs(broken);
  }

  private static OutputFile outputFile(OutputStream stream) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) throws IOException {
        return HadoopStreams.wrap(new FSDataOutputStream(stream, null));
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return create(blockSizeHint);
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }
    };
  }

  /**
   * Takes every write; once broken, throws the same exception from every hflush and close, as HDFS's output stream
   * does when the NameNode is gone: the data went to the DataNodes, and the failure surfaces when the file is synced
   * and completed.
   */
  private static final class BreakingStream extends OutputStream implements Syncable {
    private final IOException failure;
    boolean broken;

    BreakingStream(IOException failure) {
      this.failure = failure;
    }

    @Override
    public void write(int b) {
      // the DataNodes take it
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      // the DataNodes take it
    }

    @Override
    public void hflush() throws IOException {
      check();
    }

    @Override
    public void hsync() throws IOException {
      check();
    }

    @Override
    public void close() throws IOException {
      check();
    }

    private void check() throws IOException {
      if (broken) {
        throw failure;
      }
    }
  }
}
