package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * The Avro schema of an archived index, derived from its Elasticsearch mapping, with the converters that fill it.
 *
 * <p>The top-level record {@code org.esarchiver.archive.Document} holds {@code _id} and {@code _index} (required
 * strings), then one nullable column per mapped field in mapping order, named as in Elasticsearch unless {@link
 * ConvertOptions#avroSafeNames()} is set. Each mapped column carries its mapping type in the field property {@code
 * es.type} (and, with safe names, its original name in {@code es.name}).
 *
 * <ul>
 *   <li>keyword, text, ip, version, wildcard, constant_keyword, match_only_text, search_as_you_type: string
 *   <li>long: long; integer, short, byte: int; float, half_float: float; double, scaled_float: double; boolean
 *   <li>unsigned_long: string of decimal digits, since no Avro type holds 0..2^64-1
 *   <li>date: long timestamp-millis (UTC), sub-millisecond digits dropped as Elasticsearch does
 *   <li>date_nanos: long timestamp-micros (UTC); <b>nanosecond digits beyond the microsecond are truncated</b>,
 *       because microseconds are what Parquet engines widely read
 *   <li>object: a record named after its path ({@code Document_host_geo}); nested: a list of such records
 *   <li>geo_point: record {@code {lat: double, lon: double}}
 *   <li>objects with {@code enabled: false} or without mapped sub-fields, and every other type (binary, flattened,
 *       geo_shape, dense_vector, ranges, ...): string holding the value's compact JSON text (a JSON string as itself)
 *   <li>multi-fields, aliases and runtime fields: no column
 * </ul>
 *
 * <p>Fields listed in {@link ConvertOptions#arrayFields()} become nullable lists of non-null values. All strings are
 * Java {@link String}s ({@code avro.java.string: String}). Immutable and thread-safe.
 */
public final class ArchiveSchema {

  static final int ID_POSITION = 0;
  static final int INDEX_POSITION = 1;
  private static final int FIRST_MAPPED_POSITION = 2;

  private final Schema avroSchema;
  private final String fingerprint;
  private final List<String> columnNames;
  private final RecordConverter documentFields;

  private ArchiveSchema(Schema avroSchema, RecordConverter documentFields) {
    this.avroSchema = avroSchema;
    this.fingerprint = "sha256:" + sha256Hex(avroSchema.toString());
    this.columnNames = avroSchema.getFields().stream().map(Schema.Field::name).toList();
    this.documentFields = documentFields;
  }

  /**
   * @param index the index the mapping belongs to, for error messages
   * @param mappings the index's {@code mappings} object as returned by {@code GET /<index>/_mapping}, i.e. {@code
   *     response.<index>.mappings}, containing {@code properties} and maybe {@code dynamic}, {@code _meta}, ...
   * @throws IllegalArgumentException if the mapping is malformed or has a date format that cannot be parsed
   */
  public static ArchiveSchema fromMapping(String index, JsonNode mappings, ConvertOptions options) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(options, "options");
    List<MappedField> fields = MappingReader.read(index, mappings, options);
    Schema schema = AvroSchemaBuilder.build(fields, options.avroSafeNames());
    return new ArchiveSchema(schema, ConverterFactory.record(schema, "", fields, FIRST_MAPPED_POSITION));
  }

  public Schema avroSchema() {
    return avroSchema;
  }

  /**
   * {@code "sha256:<hex>"} of the schema's JSON text, properties included: equal for indices whose archives share one
   * schema, different when any column, type, name or list shape differs. The index name is not part of it.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /** The top-level column names in order, starting with {@code _id} and {@code _index}. */
  public List<String> columnNames() {
    return columnNames;
  }

  RecordConverter documentFields() {
    return documentFields;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ArchiveSchema schema && schema.fingerprint.equals(fingerprint);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "ArchiveSchema[" + fingerprint + ", columns " + columnNames + "]";
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
