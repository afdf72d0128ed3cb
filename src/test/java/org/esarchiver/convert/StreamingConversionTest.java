package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Converting a document from its JSON bytes (streamed where possible) gives exactly the record, and the overflow
 * counts, that converting its tree gives: over the hostile corpus, the recorded fixtures, and random documents with
 * values of every kind in every column, dotted and repeated keys, unmapped fields and nulls.
 */
class StreamingConversionTest {

  /** The archiver's parsers of search pages. */
  private static final JsonFactory JSON = DocumentConverter.parsers();

  @ParameterizedTest(name = "avroSafeNames={0}")
  @ValueSource(booleans = {false, true})
  void hostileCorpusGivesTheTreesRecords(boolean safeNames) throws IOException {
    for (Set<String> arrays : List.of(HostileCorpus.ARRAY_FIELDS, Set.<String>of())) {
      ArchiveSchema schema = HostileCorpus.schema(new ConvertOptions(arrays, safeNames));
      List<byte[]> documents = new ArrayList<>();
      for (JsonNode hit : HostileCorpus.hits(ConvertFixtures.EXACT_JSON)) {
        documents.add(ConvertFixtures.EXACT_JSON.writeValueAsBytes(hit.get("_source")));
      }
      assertSameAsTree(schema, documents);
    }
  }

  @Test
  void fixturesStreamWithoutTheTree() throws IOException {
    ArchiveSchema schema = ConvertFixtures.accessLogSchema();
    byte[] document = ConvertFixtures.EXACT_JSON.writeValueAsBytes(
        ConvertFixtures.resource("access-log.document.json"));
    DocumentConverter streamed = assertSameAsTree(schema, List.of(document, document));
    assertThat(streamed.streamedDocuments()).isEqualTo(2);

    ArchiveSchema allTypes = ArchiveSchema.fromMapping("all-types", ConvertFixtures.recordedMappings(
        "all-types.mapping.json"), ConvertFixtures.options(false));
    assertSameAsTree(allTypes, List.of(ConvertFixtures.EXACT_JSON.writeValueAsBytes(
        ConvertFixtures.resource("all-types.document.json", ConvertFixtures.EXACT_JSON))));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3})
  void randomDocumentsGiveTheTreesRecords(int seed) throws IOException {
    Random random = new Random(seed);
    for (String mappingFixture : List.of("hostile.mapping.json", "all-types.mapping.json",
        "access-logs.mapping.json")) {
      JsonNode mapping = ConvertFixtures.recordedMappings(mappingFixture);
      ArchiveSchema schema = ArchiveSchema.fromMapping("random", mapping,
          new ConvertOptions(random.nextBoolean() ? HostileCorpus.ARRAY_FIELDS : Set.of("tags"), false));
      List<byte[]> documents = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        // About 4 fields a document: the large mappings have many fields that no plain value fits.
        double presence = Math.min(0.75, 4.0 / mapping.path("properties").size());
        documents.add(new RandomDocument(random, presence, i % 3 == 0 ? 0.0 : 0.15).of(mapping));
      }
      DocumentConverter streamed = assertSameAsTree(schema, documents);
      // Not vacuous: well-formed documents take the streaming path, odd ones the tree.
      assertThat(streamed.streamedDocuments()).as(mappingFixture).isBetween(300L, 2_900L);
    }
  }

  @Test
  void keepSourceAndNonObjectsTakeTheTree() throws IOException {
    ArchiveSchema schema = ConvertFixtures.schema("{\"a\": {\"type\": \"keyword\"}}");
    DocumentConverter converter = new DocumentConverter(ArchiveSchema.fromMapping("i",
        ConvertFixtures.mappingWith("{\"a\": {\"type\": \"keyword\"}}"),
        ConvertFixtures.options(false).withKeepSource(true)));
    byte[] document = "{\"a\": \"x\"}".getBytes(StandardCharsets.UTF_8);
    GenericData.Record record = converter.convert("i", "1", null, document, 0, document.length);
    assertThat(record.get("_source")).isEqualTo("{\"a\":\"x\"}");
    assertThat(converter.streamedDocuments()).isZero();

    DocumentConverter plain = new DocumentConverter(schema);
    byte[] array = "[1]".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> plain.convert("i", "2", null, array, 0, array.length))
        .isInstanceOf(ConversionException.class).hasMessageContaining("2");
    byte[] broken = "{\"a\": ".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> plain.convert("i", "3", null, broken, 0, broken.length))
        .isInstanceOf(ConversionException.class).hasMessageContaining("not valid JSON");
  }

  @Test
  void valuesAConverterKeepsInOverflowItselfTakeTheTree() throws IOException {
    ArchiveSchema schema = ConvertFixtures.schema("{\"labels\": {\"type\": \"flattened\"}}");
    DocumentConverter streamed = assertSameAsTree(schema, List.of(
        "{\"labels\": {\"k\": [\"a\", \"b\"], \"j\": \"c\"}}".getBytes(StandardCharsets.UTF_8),
        "{\"labels\": {\"j\": \"c\"}}".getBytes(StandardCharsets.UTF_8)));
    assertThat(streamed.overflowValues()).isEqualTo(1);
    assertThat(streamed.streamedDocuments()).isEqualTo(1);
  }

  @Test
  void aSliceOfALargerBufferIsRead() {
    ArchiveSchema schema = ConvertFixtures.schema("{\"a\": {\"type\": \"long\"}}");
    byte[] page = "xx{\"a\": 42}yy".getBytes(StandardCharsets.UTF_8);
    GenericData.Record record = new DocumentConverter(schema).convert("i", "1", "r", page, 2, 9);
    assertThat(record.get("a")).isEqualTo(42L);
    assertThat(record.get("_routing")).isEqualTo("r");

    ArchiveSchema stringSchema = ConvertFixtures.schema("{\"s\": {\"type\": \"keyword\"}}");
    byte[] strings = "xx{\"s\": \"\u00e9t\u00e9\"}yy".getBytes(StandardCharsets.UTF_8);
    GenericData.Record slice = new DocumentConverter(stringSchema).convert("i", "2", null, strings, 2, strings.length - 4);
    assertThat(slice.get("s")).isEqualTo(new Utf8("\u00e9t\u00e9"));
    // The value's closing quote lies past the slice: not a JSON document, as before.
    assertThatThrownBy(() -> new DocumentConverter(stringSchema).convert("i", "3", null, strings, 2, 9))
        .isInstanceOf(ConversionException.class).hasMessageContaining("not valid JSON");
  }

  private static final String STRING_COLUMNS = """
      {"name": {"type": "keyword"}, "message": {"type": "text"}, "tags": {"type": "keyword"},
       "host": {"properties": {"name": {"type": "keyword"}, "os": {"properties": {"family": {"type": "keyword"}}}}},
       "comments": {"type": "nested", "properties": {"author": {"type": "keyword"}}}}
      """;

  /** Unescaped string values stream as their UTF-8 bytes (Utf8), escaped ones as their text, both as the tree has them. */
  @Test
  void stringsStreamAsTheirBytesWhereUnescaped() throws IOException {
    ArchiveSchema schema = ConvertFixtures.schema(STRING_COLUMNS, "tags");
    List<String> documents = List.of(
        "{\"name\": \"caf\u00e9 na\u00efve\", \"message\": \"\u6771\u4eac \ud55c\uad6d\uc5b4 \uD83D\uDE00 \uD834\uDD1E\","
            + " \"tags\": [\"\u00e9\", \"\", \"\uD83D\uDE00\"], \"host\": {\"name\": \"h\u00f4te\","
            + " \"os\": {\"family\": \"\u0627\u0644\u0639\u0631\u0628\u064a\u0629\"}},"
            + " \"comments\": [{\"author\": \"\u00c5sa\"}, {\"author\": \"bo\"}]}",
        "{\"name\": \"start\", \"host\": {\"os\": {\"family\": \"end\"}}}",
        "{\"name\": \"\", \"message\": \"\"}",
        "{\"tags\": \"solo\"}",
        "{\"tags\": [[\"a\", [\"b\"]], null, \"c\"], \"message\": 42, \"name\": true}");
    List<byte[]> bytes = documents.stream().map(d -> d.getBytes(StandardCharsets.UTF_8)).toList();
    DocumentConverter streamed = assertSameAsTree(schema, bytes);
    assertThat(streamed.streamedDocuments()).isEqualTo(documents.size());

    GenericData.Record first = streamedRecord(schema, bytes.get(0));
    assertThat(first.get("name")).isInstanceOf(Utf8.class).hasToString("caf\u00e9 na\u00efve");
    assertThat(first.get("message")).isInstanceOf(Utf8.class)
        .hasToString("\u6771\u4eac \ud55c\uad6d\uc5b4 \uD83D\uDE00 \uD834\uDD1E");
    assertThat((List<?>) first.get("tags")).hasSize(3).allMatch(Utf8.class::isInstance);
    assertThat(((GenericData.Record) first.get("host")).get("name")).isInstanceOf(Utf8.class);
    // A copy of the value's bytes, not a view of the input (a page of many documents must not stay alive with it).
    Utf8 name = (Utf8) first.get("name");
    assertThat(name.getBytes()).hasSize(name.getByteLength());
    GenericData.Record empty = streamedRecord(schema, bytes.get(2));
    assertThat(empty.get("name")).isEqualTo(new Utf8(""));
    // Not JSON strings: numbers and booleans become their text, as before.
    GenericData.Record coerced = streamedRecord(schema, bytes.get(4));
    assertThat(coerced.get("message")).isEqualTo("42");
    assertThat(coerced.get("name")).isEqualTo("true");
  }

  @Test
  void escapedStringsStreamAsTheirText() throws IOException {
    ArchiveSchema schema = ConvertFixtures.schema(STRING_COLUMNS, "tags");
    String escaped = "{\"name\": \"say \\\"hi\\\"\", \"message\": \"back\\\\slash\\nnew line\\ttab\","
        + " \"tags\": [\"\\u00e9\", \"\\ud83d\\ude00\", \"plain\", \"\\/\"],"
        + " \"host\": {\"name\": \"\\u6771\\u4eac\"}}";
    byte[] bytes = escaped.getBytes(StandardCharsets.UTF_8);
    assertSameAsTree(schema, List.of(bytes));

    GenericData.Record record = streamedRecord(schema, bytes);
    assertThat(record.get("name")).isEqualTo("say \"hi\"");
    assertThat(record.get("message")).isEqualTo("back\\slash\nnew line\ttab");
    assertThat((List<Object>) record.get("tags")).containsExactly("\u00e9", "\uD83D\uDE00", new Utf8("plain"), "/");
    assertThat(((GenericData.Record) record.get("host")).get("name")).isEqualTo("\u6771\u4eac");
  }

  /**
   * Keys are first matched against the key that followed last time (by their bytes): keys in another order, escaped,
   * unmapped but alike, or given twice, still find their columns as the tree's do.
   */
  @Test
  void keysAreFoundInAnyOrderAndSpelling() throws IOException {
    ArchiveSchema schema = ConvertFixtures.schema(STRING_COLUMNS, "tags");
    List<byte[]> documents = new ArrayList<>();
    for (String document : List.of(
        "{\"name\": \"a\", \"message\": \"b\", \"host\": {\"name\": \"h\"}}",
        "{\"name\": \"a\", \"message\": \"b\", \"host\": {\"name\": \"h\"}}",
        "{\"message\": \"b\", \"host\": {\"name\": \"h\"}, \"name\": \"a\"}",
        "{\"n\\u0061me\": \"a\", \"message\": \"b\", \"host\": {\"n\\u0061me\": \"h\"}}",
        "{\"name\": \"a\", \"messages\": \"b\"}",
        "{\"name\": \"a\", \"mess\": \"b\"}",
        "{\"name\": \"a\", \"name\": \"c\"}",
        "{\"name\": \"a\", \"message\": \"b\", \"host\": {\"name\": \"h\"}}")) {
      documents.add(document.getBytes(StandardCharsets.UTF_8));
    }
    DocumentConverter streamed = assertSameAsTree(schema, documents);
    assertThat(streamed.streamedDocuments()).isEqualTo(5);
    GenericData.Record escaped = streamedRecord(schema, documents.get(3));
    assertThat(escaped.get("name")).isEqualTo(new Utf8("a"));
    assertThat(((GenericData.Record) escaped.get("host")).get("name")).isEqualTo(new Utf8("h"));
  }

  /** An object of more columns than a long has bits still notices a key given twice, among the first or the last. */
  @Test
  void keysGivenTwiceAreFoundAmongManyColumns() throws IOException {
    StringBuilder properties = new StringBuilder("{");
    StringBuilder all = new StringBuilder("{");
    for (int i = 0; i < 70; i++) {
      properties.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": {\"type\": \"keyword\"}");
      all.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": \"v").append(i).append('"');
    }
    ArchiveSchema schema = ConvertFixtures.schema(properties.append('}').toString());
    String complete = all.append('}').toString();
    List<byte[]> documents = new ArrayList<>();
    for (String document : List.of(complete, complete.replace("}", ", \"f68\": \"again\"}"),
        complete.replace("}", ", \"f3\": \"again\"}"), complete)) {
      documents.add(document.getBytes(StandardCharsets.UTF_8));
    }
    DocumentConverter streamed = assertSameAsTree(schema, documents);
    // the two documents with a key given twice took the tree, whose parser keeps the last value
    assertThat(streamed.streamedDocuments()).isEqualTo(2);
    assertThat(streamedRecord(schema, documents.get(1)).get("f68")).isEqualTo("again");
  }

  /**
   * Values UTF-8 cannot hold go to {@code _overflow} as before, whether escaped ({@code "\ud800"}) or raw (a surrogate
   * encoded in 3 bytes, which Jackson decodes); bytes that are no UTF-8 at all, and raw control characters, still fail
   * the document.
   */
  @Test
  void surrogatesAndMalformedBytesAreHandledAsBefore() throws IOException {
    ArchiveSchema schema = ConvertFixtures.schema(STRING_COLUMNS, "tags");
    byte[] escapedLone = "{\"name\": \"a\\ud800b\", \"tags\": [\"x\", \"\\udc00\"]}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] rawLone = utf8WithRaw("{\"name\": \"a", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "b\"}");
    DocumentConverter streamed = assertSameAsTree(schema, List.of(escapedLone, rawLone));
    assertThat(streamed.overflowDocuments()).isEqualTo(2);
    assertThat(streamed.streamedDocuments()).isZero();
    assertThat(streamedRecord(schema, rawLone).get("_overflow")).isEqualTo("{\"name\":\"a\\ud800b\"}");

    DocumentConverter converter = new DocumentConverter(schema);
    byte[] notUtf8 = utf8WithRaw("{\"name\": \"a", new byte[] {(byte) 0xFF}, "\"}");
    assertThatThrownBy(() -> converter.convert("i", "1", null, notUtf8, 0, notUtf8.length))
        .isInstanceOf(ConversionException.class).hasMessageContaining("not valid JSON");
    byte[] controlCharacter = "{\"name\": \"a\tb\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> converter.convert("i", "2", null, controlCharacter, 0, controlCharacter.length))
        .isInstanceOf(ConversionException.class).hasMessageContaining("not valid JSON");
  }

  private static GenericData.Record streamedRecord(ArchiveSchema schema, byte[] document) {
    return new DocumentConverter(schema).convert("idx", "1", null, document, 0, document.length);
  }

  private static byte[] utf8WithRaw(String before, byte[] raw, String after) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(raw);
    bytes.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  /** Converts each document both ways and asserts equal records and counts; returns the streaming converter. */
  private static DocumentConverter assertSameAsTree(ArchiveSchema schema, List<byte[]> documents) throws IOException {
    DocumentConverter streamed = new DocumentConverter(schema);
    DocumentConverter tree = new DocumentConverter(schema);
    int n = 0;
    for (byte[] document : documents) {
      String id = "doc-" + n++;
      GenericData.Record expected = tree.convert("idx", id, "r", ConvertFixtures.EXACT_JSON.readTree(document));
      GenericData.Record actual = streamed.convert("idx", id, "r", document, 0, document.length);
      // Record.equals is GenericData.compare: a streamed Utf8 and the tree's String of the same text are equal there,
      // and so is everything else exactly as before (types, numbers, lists, maps, nested records, _overflow).
      assertThat(actual).as("%s: %s", id, new String(document, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
    assertThat(streamed.documents()).isEqualTo(tree.documents());
    assertThat(streamed.overflowValues()).isEqualTo(tree.overflowValues());
    assertThat(streamed.overflowDocuments()).isEqualTo(tree.overflowDocuments());
    assertSameInOnePage(schema, documents, streamed);
    return streamed;
  }

  /**
   * Converts the documents as hits of one search page, read by one parser, as the archiver does: the same records and
   * counts as one at a time, and the parser goes on right after each {@code _source}, wherever the stream left it.
   */
  private static void assertSameInOnePage(ArchiveSchema schema, List<byte[]> documents, DocumentConverter oneByOne)
      throws IOException {
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    page.write("{\"hits\":[".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < documents.size(); i++) {
      page.write(((i == 0 ? "" : ",") + "{\"_id\":\"doc-" + i + "\",\"_source\":").getBytes(StandardCharsets.UTF_8));
      page.write(documents.get(i));
      page.write((",\"sort\":[" + i + "]}").getBytes(StandardCharsets.UTF_8));
    }
    page.write("]}".getBytes(StandardCharsets.UTF_8));
    byte[] bytes = page.toByteArray();
    DocumentConverter paged = new DocumentConverter(schema);
    DocumentConverter single = new DocumentConverter(schema);
    try (JsonParser parser = JSON.createParser(bytes)) {
      parser.nextToken();
      parser.nextToken();
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
      for (int i = 0; i < documents.size(); i++) {
        assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        parser.nextToken();
        parser.nextToken();
        assertThat(parser.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
        assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        String id = "doc-" + i;
        byte[] document = documents.get(i);
        GenericData.Record actual = paged.convert("idx", id, "r", parser, bytes);
        assertThat(actual).as("%s in a page: %s", id, new String(document, StandardCharsets.UTF_8))
            .isEqualTo(single.convert("idx", id, "r", document, 0, document.length));
        assertThat(parser.nextToken()).as("after %s", id).isEqualTo(JsonToken.FIELD_NAME);
        assertThat(parser.currentName()).isEqualTo("sort");
        parser.nextToken();
        parser.skipChildren();
        assertThat(parser.nextToken()).isEqualTo(JsonToken.END_OBJECT);
      }
      assertThat(parser.nextToken()).isEqualTo(JsonToken.END_ARRAY);
    }
    assertThat(paged.streamedDocuments()).isEqualTo(oneByOne.streamedDocuments());
    assertThat(paged.overflowValues()).isEqualTo(oneByOne.overflowValues());
    assertThat(paged.overflowDocuments()).isEqualTo(oneByOne.overflowDocuments());
  }
}
