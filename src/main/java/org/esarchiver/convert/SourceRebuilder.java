package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Rebuilds a document's {@code _source} from its archived row (typed columns and {@code _overflow}), equal to the
 * original as {@link SourceEquivalence} compares them. Works on the records {@link DocumentConverter} makes and on rows
 * read back from Parquet ({@link ArchiveRowReader}, or any Avro reader: strings may be {@code Utf8}, bytes {@code
 * ByteBuffer}s, decimals {@code GenericFixed} or {@code BigDecimal}, timestamps {@code long} or {@code Instant}).
 *
 * <p>Rules: keys are the Elasticsearch names, objects nested as mapped (a dotted key of the original comes back as an
 * object); null columns are left out; a list column is a JSON array; numbers come back as JSON numbers (a coerced
 * {@code "200"} as {@code 200}); dates in the first of the field's formats that shows them exactly (so an {@code
 * epoch_millis} field gets a number, a {@code strict_date_optional_time} field an ISO-8601 UTC string, a pattern field
 * text in its pattern), else as an ISO-8601 UTC string; geo points as {@code {"lat", "lon"}}; binary as Base64;
 * flattened objects with their dotted keys; join relations without a parent as the plain name; geo_shape / shape /
 * point text as the WKT string or the parsed GeoJSON; JSON text columns as the parsed value. Then each {@code
 * _overflow} entry is put back exactly under its path, into the object the path leads to; where the row also has a
 * typed value there (date_nanos below the microsecond) the {@code _overflow} value replaces it.
 *
 * <p>Immutable and thread-safe.
 */
public final class SourceRebuilder {

  private final ArchiveSchema schema;
  private final RecordPlan document;
  private final int idPosition;
  private final int indexPosition;
  private final int routingPosition;

  public SourceRebuilder(ArchiveSchema schema) {
    this.schema = schema;
    this.document = new RecordPlan(schema.avroSchema(), schema.fields());
    this.idPosition = ArchiveSchema.metadataField(schema.avroSchema(), "id").pos();
    this.indexPosition = ArchiveSchema.metadataField(schema.avroSchema(), "index").pos();
    this.routingPosition = ArchiveSchema.metadataField(schema.avroSchema(), "routing").pos();
  }

  /** For rows of a file whose schema is known only from the file ({@link ArchiveRowReader#schema()}). */
  public static SourceRebuilder forAvroSchema(Schema avroSchema) {
    return new SourceRebuilder(ArchiveSchema.fromAvroSchema(avroSchema));
  }

  public ArchiveSchema schema() {
    return schema;
  }

  /**
   * @param row a record of this rebuilder's schema
   * @throws IllegalArgumentException if the row has another number of fields than the schema
   */
  public ObjectNode rebuild(IndexedRecord row) {
    if (row.getSchema().getFields().size() != schema.avroSchema().getFields().size()) {
      throw new IllegalArgumentException(
          "the row's schema " + row.getSchema().getFullName() + " has " + row.getSchema().getFields().size()
              + " fields, the archive schema " + schema.avroSchema().getFields().size());
    }
    return document.rebuild(row);
  }

  /**
   * The row as a search hit: {@code {"_index", "_id", "_routing" (if any), "_source"}}, the lines of {@code
   * es-archiver cat}.
   */
  public ObjectNode rebuildHit(IndexedRecord row) {
    ObjectNode hit = ConvertJson.NODES.objectNode();
    hit.put("_index", String.valueOf(row.get(indexPosition)));
    hit.put("_id", String.valueOf(row.get(idPosition)));
    Object routing = row.get(routingPosition);
    if (routing != null) {
      hit.put("_routing", routing.toString());
    }
    hit.set("_source", rebuild(row));
    return hit;
  }

  /** How to rebuild one record: its columns by position, and where its {@code _overflow} is. */
  static final class RecordPlan {
    private final List<ColumnRendering> fields = new ArrayList<>();
    private final Map<String, ColumnRendering> byName = new HashMap<>();
    private final int overflowPosition;

    RecordPlan(Schema record, List<MappedField> mapped) {
      Schema.Field overflow = ArchiveSchema.metadataField(record, "overflow");
      this.overflowPosition = overflow == null ? -1 : overflow.pos();
      int i = 0;
      for (Schema.Field column : record.getFields()) {
        if (column.getProp(AvroSchemaBuilder.ES_META_PROPERTY) == null) {
          ColumnRendering plan = new ColumnRendering(mapped.get(i++), column);
          fields.add(plan);
          byName.put(plan.field.name(), plan);
        }
      }
    }

    ObjectNode rebuild(IndexedRecord record) {
      ObjectNode object = ConvertJson.NODES.objectNode();
      for (ColumnRendering plan : fields) {
        Object value = record.get(plan.position);
        if (value != null) {
          object.set(plan.field.name(), plan.render(value));
        }
      }
      if (overflowPosition >= 0) {
        Object overflow = record.get(overflowPosition);
        if (overflow != null) {
          for (Map.Entry<String, JsonNode> entry : ConvertJson.parse((CharSequence) overflow).properties()) {
            place(object, this, entry.getKey(), entry.getValue());
          }
        }
      }
      return object;
    }

    /** Puts {@code value} under {@code path}, into the (single) object or flattened field the path leads into. */
    private static void place(ObjectNode object, RecordPlan plan, String path, JsonNode value) {
      while (true) {
        ColumnRendering exact = plan == null ? null : plan.byName.get(path);
        if (exact != null) {
          object.set(path, value); // the typed value of this path, if any, kept less than this
          return;
        }
        ColumnRendering into = null;
        int dot = plan == null ? -1 : path.lastIndexOf('.');
        while (dot > 0 && (into = plan.byName.get(path.substring(0, dot))) == null) {
          dot = path.lastIndexOf('.', dot - 1);
        }
        JsonNode child = into == null ? null : object.get(into.field.name());
        if (into == null || !into.descendable() || (child != null && !child.isObject())) {
          JsonNode earlier = object.get(path);
          object.set(path, earlier == null ? value : JsonMerge.merge(earlier, value, false));
          return;
        }
        object = child == null ? object.putObject(into.field.name()) : (ObjectNode) child;
        plan = into.children;
        path = path.substring(dot + 1);
      }
    }
  }
}
