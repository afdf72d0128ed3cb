package org.esarchiver.sink;

import java.io.IOException;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;

/** The Parquet file one read slice streams into. Not thread-safe: one slice, one thread. */
public final class SliceFileWriter implements AutoCloseable {
  private final FileSystem fs;
  private final Path path;
  private final ParquetWriter<GenericRecord> writer;
  private long rows;
  private boolean closed;

  SliceFileWriter(FileSystem fs, Path path, ParquetWriter<GenericRecord> writer) {
    this.fs = fs;
    this.path = path;
    this.writer = writer;
  }

  public void write(GenericRecord record) {
    try {
      writer.write(record);
      rows++;
    } catch (IOException e) {
      throw new SinkException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  public long rows() {
    return rows;
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException e) {
      throw new SinkException("cannot finish " + path + ": " + e.getMessage(), e);
    }
  }

  /** Abandons the file: a slice that is read again starts a fresh one, so no row is ever written twice. */
  public void discard() {
    try {
      close();
    } catch (RuntimeException ignored) {
      // the file is deleted next; a failed close only means it was already broken
    }
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      throw new SinkException("cannot delete abandoned file " + path + ": " + e.getMessage(), e);
    }
  }
}
