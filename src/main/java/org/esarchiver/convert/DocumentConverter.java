package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Turns each document's {@code _source} into a record of an {@link ArchiveSchema}.
 *
 * <p>Keys may be dotted ({@code {"host.name": "a"}} is {@code {"host": {"name": "a"}}}, and both forms may mix in one
 * document). JSON null, and nulls inside arrays, are no value. A field that is not in the mapping, or a value that does
 * not fit its column (after Elasticsearch-like coercion, see {@link ScalarConverters}), fails the document with a
 * {@link ConversionException}: nothing is dropped or changed silently.
 *
 * <p>Holds no state between calls; all per-field converters are built once with the schema.
 */
public final class DocumentConverter {

  private final Schema schema;
  private final RecordConverter documentFields;

  public DocumentConverter(ArchiveSchema schema) {
    this.schema = schema.avroSchema();
    this.documentFields = schema.documentFields();
  }

  /**
   * @param index the document's index, stored in {@code _index}
   * @param id the document's {@code _id}
   * @param source the document's {@code _source}
   * @throws ConversionException if a field is not mapped or a value does not fit its column
   */
  public GenericData.Record convert(String index, String id, JsonNode source) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    if (source == null || !source.isObject()) {
      String actual = source == null || source.isMissingNode() ? "no _source" : RejectedValue.shown(source);
      throw new ConversionException(index, id, "_source", ": expected an object, got " + actual);
    }
    GenericData.Record record = new GenericData.Record(schema);
    record.put(ArchiveSchema.ID_POSITION, id);
    record.put(ArchiveSchema.INDEX_POSITION, index);
    try {
      documentFields.fill(record, source);
    } catch (RejectedValue rejected) {
      throw new ConversionException(index, id, rejected.field(), rejected.problem());
    }
    return record;
  }
}
