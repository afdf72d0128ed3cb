package org.esarchiver.config;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet output: compression codec, and whether to rename columns to Avro-safe names (letters, digits, _) for engines
 * that need them. By default columns keep the original Elasticsearch field names.
 */
public record ParquetOptions(CompressionCodecName compression, boolean avroSafeNames, long rowGroupBytes) {}
