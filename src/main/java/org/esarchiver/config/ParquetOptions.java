package org.esarchiver.config;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet output: compression codec, and whether to rename columns to Avro-safe names (letters, digits, _) for engines
 * that need them. By default columns keep the original Elasticsearch field names. A slice's file is closed and a new
 * one started once it reaches {@code fileBytes}. {@code rowGroupBytes} is the most a row group holds; the archiver
 * writes smaller ones when several slices share a small heap (a row group is buffered in memory until it is full).
 */
public record ParquetOptions(CompressionCodecName compression, boolean avroSafeNames, long rowGroupBytes,
    long fileBytes) {

  public static final long DEFAULT_FILE_BYTES = 256L << 20;

  public ParquetOptions(CompressionCodecName compression, boolean avroSafeNames, long rowGroupBytes) {
    this(compression, avroSafeNames, rowGroupBytes, DEFAULT_FILE_BYTES);
  }

  public ParquetOptions withRowGroupBytes(long bytes) {
    return new ParquetOptions(compression, avroSafeNames, bytes, fileBytes);
  }
}
