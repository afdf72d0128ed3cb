package org.esarchiver.config;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet output: compression codec, and whether to rename columns to Avro-safe names (letters, digits, _) for engines
 * that need them. By default columns keep the original Elasticsearch field names. A slice's file is closed and a new
 * one started once it reaches {@code fileBytes}; indices whose primary store is smaller than that are read in one
 * slice, into one file.
 */
public record ParquetOptions(CompressionCodecName compression, boolean avroSafeNames, long rowGroupBytes,
    long fileBytes) {

  public static final long DEFAULT_FILE_BYTES = 256L << 20;

  public ParquetOptions(CompressionCodecName compression, boolean avroSafeNames, long rowGroupBytes) {
    this(compression, avroSafeNames, rowGroupBytes, DEFAULT_FILE_BYTES);
  }
}
