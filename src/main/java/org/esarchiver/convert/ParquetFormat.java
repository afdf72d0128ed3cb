package org.esarchiver.convert;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroDataSupplier;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.avro.GenericDataSupplier;

/**
 * parquet-avro settings for files that query engines (Spark, Trino, Hive, DuckDB, ...) read without surprises.
 *
 * <p>With these, an {@link ArchiveSchema} is written as: lists in the standard three-level form ({@code optional group
 * tags (LIST) { repeated group list { required binary element (STRING); } }}) instead of parquet-avro's legacy
 * two-level form; strings as {@code BINARY (STRING)}; {@code date} and {@code date_nanos} columns as {@code INT64
 * TIMESTAMP(MILLIS, true)} and {@code TIMESTAMP(MICROS, true)}, i.e. adjusted to UTC (parquet-avro derives these from
 * the Avro logical types, the schema sets no {@code local-timestamp-*}); Avro maps as standard {@code MAP} groups
 * ({@code key_value / key, value}); unsigned_long as {@code FIXED_LEN_BYTE_ARRAY(9) DECIMAL(20,0)}. Records are written
 * with plain {@code GenericData}, so the converter's Java values are written as they are. Spark, Trino, Hive and
 * DuckDB read all of it; {@link ArchiveRowReader} reads it back as Avro records under the original column names.
 */
public final class ParquetFormat {

  private ParquetFormat() {}

  /**
   * Applies the settings to the configuration parquet-avro derives a file's schema under: the archive writer's, or the
   * one given to {@code AvroParquetWriter.builder(...).withConf(conf)}.
   */
  public static void configure(Configuration conf) {
    conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
    conf.setBoolean(AvroSchemaConverter.ADD_LIST_ELEMENT_RECORDS, false);
    conf.setClass(AvroWriteSupport.AVRO_DATA_SUPPLIER, GenericDataSupplier.class, AvroDataSupplier.class);
  }
}
