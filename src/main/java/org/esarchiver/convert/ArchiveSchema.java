package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * The Avro schema of an archived index, derived from its Elasticsearch mapping, with the converters that fill it.
 *
 * <p>The top-level record {@code org.esarchiver.archive.Document} holds {@code _id} and {@code _index} (required
 * strings), {@code _routing} (nullable string), then one nullable column per mapped field in mapping order, then
 * {@code _overflow} (nullable string: a JSON object from dotted field path to the raw value of every value that has no
 * typed column, see {@link DocumentConverter}) and, with {@link ConvertOptions#keepSource()}, {@code _source} (the raw
 * {@code _source} as compact JSON). Columns are named as in Elasticsearch, unicode included, unless {@link
 * ConvertOptions#avroSafeNames()} is set; a mapped field named like a metadata column gets a suffixed name ({@code
 * _overflow_2}). Each mapped column carries its effective Elasticsearch type in the field property {@code es.type},
 * its Elasticsearch name in {@code es.name} where that differs from the column name (always with safe names), and
 * date fields their {@code es.format} (and {@code es.locale}); metadata columns carry {@code es.meta}. So an archive's
 * own schema is enough to read it back ({@link #fromAvroSchema}, {@link SourceRebuilder}).
 *
 * <table>
 *   <caption>Elasticsearch type to column</caption>
 *   <tr><th>Elasticsearch</th><th>Avro</th><th>Parquet</th></tr>
 *   <tr><td>keyword, text, ip, version, wildcard, constant_keyword, match_only_text, search_as_you_type,
 *       token_count, semantic_text, counted_keyword, annotated_text, icu_collation_keyword</td><td>string</td>
 *       <td>BINARY (STRING)</td></tr>
 *   <tr><td>long / integer, short, byte</td><td>long / int</td><td>INT64 / INT32</td></tr>
 *   <tr><td>unsigned_long</td><td>decimal(20,0) on fixed(9)</td><td>FIXED_LEN_BYTE_ARRAY(9) DECIMAL(20,0)</td></tr>
 *   <tr><td>float, half_float, rank_feature / double, scaled_float</td><td>float / double</td>
 *       <td>FLOAT / DOUBLE</td></tr>
 *   <tr><td>boolean</td><td>boolean</td><td>BOOLEAN</td></tr>
 *   <tr><td>date</td><td>long timestamp-millis</td><td>INT64 TIMESTAMP(MILLIS, UTC)</td></tr>
 *   <tr><td>date_nanos</td><td>long timestamp-micros (digits below the microsecond: the raw value also in
 *       _overflow)</td><td>INT64 TIMESTAMP(MICROS, UTC)</td></tr>
 *   <tr><td>geo_point</td><td>record {lat, lon: double}</td><td>group</td></tr>
 *   <tr><td>geo_shape, shape, point</td><td>string: WKT as given, GeoJSON as JSON text</td>
 *       <td>BINARY (STRING)</td></tr>
 *   <tr><td>object / nested</td><td>record / list of records (each with its own _overflow)</td>
 *       <td>group / LIST of groups</td></tr>
 *   <tr><td>flattened</td><td>map&lt;string, string&gt; (dotted key to leaf text)</td><td>MAP</td></tr>
 *   <tr><td>binary</td><td>bytes (Base64-decoded)</td><td>BINARY</td></tr>
 *   <tr><td>dense_vector</td><td>list&lt;float&gt;</td><td>LIST of FLOAT</td></tr>
 *   <tr><td>sparse_vector, rank_features</td><td>map&lt;string, float&gt;</td><td>MAP</td></tr>
 *   <tr><td>integer_range, long_range, float_range, double_range, date_range, ip_range</td>
 *       <td>record {gte, gt, lte, lt} of int, long, float, double, timestamp-millis, string (ip_range also
 *       {cidr})</td><td>group</td></tr>
 *   <tr><td>histogram</td><td>record {values: list&lt;double&gt;, counts: list&lt;long&gt;}</td><td>group</td></tr>
 *   <tr><td>aggregate_metric_double</td><td>record {min, max, sum: double, value_count: long}</td>
 *       <td>group</td></tr>
 *   <tr><td>join</td><td>record {name, parent: string}</td><td>group</td></tr>
 *   <tr><td>completion, percolator, any other type</td><td>string: compact JSON text of the whole value</td>
 *       <td>BINARY (STRING)</td></tr>
 *   <tr><td>multi-fields, alias, runtime fields</td><td colspan="2">no column (not in _source)</td></tr>
 *   <tr><td>objects with enabled: false, objects without mapped sub-fields</td>
 *       <td colspan="2">no column: their values go to _overflow</td></tr>
 * </table>
 *
 * <p>Fields listed in {@link ConvertOptions#arrayFields()} become nullable lists of non-null values. Strings are Java
 * {@link String}s ({@code avro.java.string: String}). Immutable and thread-safe.
 */
public final class ArchiveSchema {

  static final int ID_POSITION = 0;
  static final int INDEX_POSITION = 1;
  static final int ROUTING_POSITION = 2;

  private final Schema avroSchema;
  private final String fingerprint;
  private final List<String> columnNames;
  private final List<MappedField> fields;
  private final RecordConverter documentFields;
  private final int sourcePosition;
  private final Map<String, String> originalNames;
  private final Map<String, String> fieldTypes;
  private final List<String> warnings;

  private ArchiveSchema(Schema avroSchema, List<MappedField> fields, List<String> warnings) {
    this.avroSchema = avroSchema;
    this.fingerprint = "sha256:" + sha256Hex(avroSchema.toString());
    this.columnNames = avroSchema.getFields().stream().map(Schema.Field::name).toList();
    this.fields = List.copyOf(fields);
    this.documentFields = ConverterFactory.record(avroSchema, fields, "");
    Schema.Field source = metadataField(avroSchema, "source");
    this.sourcePosition = source == null ? -1 : source.pos();
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>(warnings);
    describe(avroSchema, fields, "", names, types, problems);
    this.originalNames = Collections.unmodifiableMap(names);
    this.fieldTypes = Collections.unmodifiableMap(types);
    this.warnings = List.copyOf(problems);
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
    List<String> warnings = new ArrayList<>();
    List<MappedField> fields = MappingReader.read(index, mappings, options, warnings);
    return new ArchiveSchema(AvroSchemaBuilder.build(fields, options), fields, warnings);
  }

  /**
   * The archive schema an archive was written with, from the Avro schema in its Parquet files ({@link
   * ArchiveRowReader#schema()}): the same fingerprint, columns and converters as the schema it was built with.
   *
   * @throws IllegalArgumentException if the schema was not written by es-archiver
   */
  public static ArchiveSchema fromAvroSchema(Schema avroSchema) {
    return new ArchiveSchema(avroSchema, AvroSchemaReader.read(avroSchema), List.of());
  }

  public Schema avroSchema() {
    return avroSchema;
  }

  /**
   * {@code "sha256:<hex>"} of the schema's JSON text, properties included: equal for indices whose archives share one
   * schema, different when any column, type, name, date format or list shape differs. The index name is not part of
   * it.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /** The top-level column names in order: {@code _id}, {@code _index}, {@code _routing}, mapped fields, {@code _overflow}... */
  public List<String> columnNames() {
    return columnNames;
  }

  /**
   * Column path (Avro field names joined by {@code .}, e.g. {@code host.os_name}) to the Elasticsearch path of the
   * field ({@code host.os-name}), for every mapped column in schema order: the same where names are kept, the original
   * where {@link ConvertOptions#avroSafeNames()} renamed them. For the manifest.
   */
  public Map<String, String> originalNames() {
    return originalNames;
  }

  /**
   * Dotted Elasticsearch path to the effective Elasticsearch type (pinned or mapped) of every field with a column, in
   * schema order ({@code "host" -> "object"}, {@code "host.name" -> "keyword"}), to compare the schemas of a job's
   * archives.
   */
  public Map<String, String> fieldTypes() {
    return fieldTypes;
  }

  /**
   * Problems worth a line in the plan and the manifest: column names of one record that differ only in case (Spark and
   * Hive compare names without case), pinned types that could not be applied.
   */
  public List<String> warnings() {
    return warnings;
  }

  /** Whether rows hold the raw {@code _source} too ({@link ConvertOptions#keepSource()}). */
  public boolean keepsSource() {
    return sourcePosition >= 0;
  }

  List<MappedField> fields() {
    return fields;
  }

  RecordConverter documentFields() {
    return documentFields;
  }

  int sourcePosition() {
    return sourcePosition;
  }

  static Schema.Field metadataField(Schema record, String role) {
    for (Schema.Field field : record.getFields()) {
      if (role.equals(field.getProp(AvroSchemaBuilder.ES_META_PROPERTY))) {
        return field;
      }
    }
    return null;
  }

  private static void describe(
      Schema record,
      List<MappedField> fields,
      String columnPrefix,
      Map<String, String> names,
      Map<String, String> types,
      List<String> warnings) {
    Map<String, String> byLowerCase = new LinkedHashMap<>();
    for (Schema.Field column : record.getFields()) {
      String earlier = byLowerCase.putIfAbsent(column.name().toLowerCase(Locale.ROOT), column.name());
      if (earlier != null) {
        warnings.add(
            "columns '" + columnPrefix + earlier + "' and '" + columnPrefix + column.name()
                + "' differ only in case: Spark and Hive, which compare names without case, cannot tell them apart");
      }
    }
    int i = 0;
    for (Schema.Field column : record.getFields()) {
      if (column.getProp(AvroSchemaBuilder.ES_META_PROPERTY) != null) {
        continue;
      }
      MappedField field = fields.get(i++);
      String columnPath = columnPrefix + column.name();
      names.put(columnPath, field.path());
      types.put(field.path(), field.elasticsearchType());
      if (!field.children().isEmpty()) {
        Schema child = ConverterFactory.valueSchema(column.schema(), field.repeated());
        describe(child, field.children(), columnPath + ".", names, types, warnings);
      }
    }
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
