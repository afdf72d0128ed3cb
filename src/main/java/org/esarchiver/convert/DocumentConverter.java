package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Turns each document's {@code _source} into a record of an {@link ArchiveSchema}, losing nothing.
 *
 * <p>Keys may be dotted ({@code {"host.name": "a"}} is {@code {"host": {"name": "a"}}}, and both forms may mix in one
 * document; values given for one field both ways are merged into a list of values). JSON null, and nulls inside
 * arrays, are no value. Values are coerced as Elasticsearch coerces them ({@code "200"} into a short, {@code 3.0} into
 * an integer, {@code "true"} into a boolean, see {@link ScalarConverters}) and go to their typed column.
 *
 * <p>The overflow rule: every value without a typed column that holds it is kept in the row's {@code _overflow}
 * column, a JSON object from dotted field path to the value exactly as it appeared in {@code _source}: fields that are
 * not mapped (under {@code dynamic: false}, inside {@code enabled: false} objects, or at all), malformed values (kept
 * by {@code ignore_malformed}), numbers with a fraction or out of range in integer columns, two or more values in a
 * single-value column, an element of a list that does not fit the list's type (the whole list then), and so on. The
 * typed column is then null. Values of one field given in several places (dotted and nested) are merged into one
 * array there. Within an element of a list of objects (a nested field, or an object field in {@code array_fields}),
 * such values go to that element's own {@code _overflow}, with paths relative to the element. One exception keeps the
 * typed value too: a {@code date_nanos} value with digits below the microsecond stays in its (microsecond) column and
 * its raw value is also kept in {@code _overflow}, which wins when the document is rebuilt ({@link SourceRebuilder}).
 *
 * <p>Only a missing or non-object {@code _source} fails a document ({@link ConversionException}). Thread-safe; the
 * counters are totals over all threads using this converter.
 */
public final class DocumentConverter {

  private final Schema schema;
  private final RecordConverter documentFields;
  private final int sourcePosition;
  private final LongAdder documents = new LongAdder();
  private final LongAdder streamed = new LongAdder();
  private final LongAdder overflowValues = new LongAdder();
  private final LongAdder overflowDocuments = new LongAdder();

  public DocumentConverter(ArchiveSchema schema) {
    this.schema = schema.avroSchema();
    this.documentFields = schema.documentFields();
    this.sourcePosition = schema.sourcePosition();
  }

  /** A document without routing. */
  public GenericData.Record convert(String index, String id, JsonNode source) {
    return convert(index, id, null, source);
  }

  /**
   * @param index the document's index, stored in {@code _index}
   * @param id the document's {@code _id}
   * @param routing the document's {@code _routing}, null if it has none
   * @param source the document's {@code _source}
   * @throws ConversionException if there is no {@code _source} or it is not a JSON object
   */
  public GenericData.Record convert(String index, String id, String routing, JsonNode source) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    if (source == null || !source.isObject()) {
      String actual = source == null || source.isMissingNode() ? "no _source" : RejectedValue.shown(source);
      throw new ConversionException(index, id, "_source", ": expected an object, got " + actual);
    }
    GenericData.Record record = new GenericData.Record(schema);
    record.put(ArchiveSchema.ID_POSITION, id);
    record.put(ArchiveSchema.INDEX_POSITION, index);
    record.put(ArchiveSchema.ROUTING_POSITION, routing);
    Conversion conversion = new Conversion();
    documentFields.fillScope(record, source, conversion);
    if (sourcePosition >= 0) {
      record.put(sourcePosition, source.toString());
    }
    documents.increment();
    if (conversion.overflowValues > 0) {
      overflowValues.add(conversion.overflowValues);
      overflowDocuments.increment();
    }
    return record;
  }

  /**
   * The same record as {@link #convert(String, String, String, JsonNode)} gives for the tree of {@code source}, streamed
   * from the JSON bytes {@code source[offset, offset + length)} straight into the record where possible (documents
   * whose every value has a column of its own), converted from the tree otherwise. Streamed string values are {@link
   * org.apache.avro.util.Utf8} (their UTF-8 bytes from {@code source}, copied) where the tree gives a String: equal
   * Avro data ({@link GenericData#compare}), which the Parquet writer takes without encoding it again.
   *
   * @throws ConversionException if the bytes are not a JSON object
   */
  public GenericData.Record convert(String index, String id, String routing, byte[] source, int offset, int length) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    try {
      if (sourcePosition < 0) {
        try (JsonParser parser = ConvertJson.parser(source, offset, length)) {
          if (parser.nextToken() == JsonToken.START_OBJECT) {
            GenericData.Record record = streamFields(parser, new JsonInput(source, offset));
            if (record != null && parser.nextToken() == null) {
              return streamed(record, index, id, routing);
            }
          }
        }
      }
      return convert(index, id, routing, ConvertJson.parse(source, offset, length));
    } catch (IOException e) {
      throw new ConversionException(index, id, "_source", ": not valid JSON (" + e.getMessage() + ")");
    }
  }

  /**
   * The same record as {@link #convert(String, String, String, byte[], int, int)}, for a {@code _source} read by a
   * parser over a larger input (a whole search page, which one parser reads once): the parser is at the source's
   * START_OBJECT, and is left at its END_OBJECT. A document the stream cannot take is converted from the tree of its
   * bytes in {@code input}, in which the parser's offsets are counted.
   */
  public GenericData.Record convert(String index, String id, String routing, JsonParser parser, byte[] input) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    try {
      int start = (int) parser.currentTokenLocation().getByteOffset();
      JsonStreamContext enclosing = parser.getParsingContext().getParent();
      if (sourcePosition < 0) {
        GenericData.Record record = streamFields(parser, new JsonInput(input, 0));
        if (record != null) {
          return streamed(record, index, id, routing);
        }
      }
      // on to the source's end, wherever in it the stream stopped: its END_OBJECT is the one back in the enclosing
      while (parser.currentToken() != JsonToken.END_OBJECT || parser.getParsingContext() != enclosing) {
        if (parser.nextToken() == null) {
          throw new IOException("unexpected end of input");
        }
      }
      int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
      return convert(index, id, routing, ConvertJson.parse(input, start, end - start));
    } catch (IOException e) {
      throw new ConversionException(index, id, "_source", ": not valid JSON (" + e.getMessage() + ")");
    }
  }

  /** The factory whose parsers {@link #convert(String, String, String, JsonParser, byte[])} expects. */
  public static JsonFactory parsers() {
    return ConvertJson.factory();
  }

  /** The {@code _id} a record of this converter was made for. */
  public static String id(GenericData.Record record) {
    return record.get(ArchiveSchema.ID_POSITION).toString();
  }

  /**
   * Streams the {@code _source} object the parser is at (at its START_OBJECT; a parser of {@code input}) into a new
   * record's document fields; null, with the parser anywhere inside the object, where the document needs its tree.
   */
  private GenericData.Record streamFields(JsonParser parser, JsonInput input) throws IOException {
    GenericData.Record record = new GenericData.Record(schema);
    return documentFields.fillStreamed(record, parser, new Conversion(input)) ? record : null;
  }

  /** Completes and counts a record whose fields were streamed. */
  private GenericData.Record streamed(GenericData.Record record, String index, String id, String routing) {
    record.put(ArchiveSchema.ID_POSITION, id);
    record.put(ArchiveSchema.INDEX_POSITION, index);
    record.put(ArchiveSchema.ROUTING_POSITION, routing);
    documents.increment();
    streamed.increment();
    return record;
  }

  /** Documents converted so far. */
  public long documents() {
    return documents.sum();
  }

  /** Documents converted so far straight from their bytes, without a tree. */
  public long streamedDocuments() {
    return streamed.sum();
  }

  /** Values put into {@code _overflow} (of documents and of their list elements) so far. */
  public long overflowValues() {
    return overflowValues.sum();
  }

  /** Documents converted so far with at least one value in {@code _overflow}. */
  public long overflowDocuments() {
    return overflowDocuments.sum();
  }
}
