package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonInputTest {

  /** What {@link JsonInput} relies on: offsets count from the offset given to createParser, not from the array start. */
  @Test
  void jacksonCountsTokenByteOffsetsFromTheParsersOffset() throws IOException {
    byte[] page = "xxxx{\"k\": \"v\", \"l\": [\"w\"]}yy".getBytes(StandardCharsets.UTF_8);
    List<Long> stringOffsets = new ArrayList<>();
    try (JsonParser parser = ConvertJson.parser(page, 4, page.length - 6)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          stringOffsets.add(parser.currentTokenLocation().getByteOffset());
        }
      }
    }
    // {"k": "v", "l": ["w"]}: the opening quotes of "v" and "w", relative to offset 4.
    assertThat(stringOffsets).containsExactly(6L, 17L);
  }

  @Test
  void aStringIsTheBytesBetweenItsQuotesWhereverTheParserStarts() throws IOException {
    String document = "{\"a\": \"caf\u00e9 \u6771\u4eac \uD83D\uDE00\", \"b\": [\"\", \"x\"], \"c\": {\"d\": \"end\"}}";
    byte[] json = document.getBytes(StandardCharsets.UTF_8);
    byte[] page = ("{\"hits\": [" + document + ", " + document + "]}").getBytes(StandardCharsets.UTF_8);
    int secondDocument = page.length - json.length - 2;

    List<String> expected = List.of("caf\u00e9 \u6771\u4eac \uD83D\uDE00", "", "x", "end");
    assertThat(rawStrings(json, 0, json.length)).isEqualTo(expected);
    assertThat(rawStrings(page, secondDocument, json.length)).isEqualTo(expected);
    // One parser over the whole page, as for a search response read in one pass: offsets are the page's.
    assertThat(rawStrings(page, 0, page.length)).isEqualTo(concat(expected, expected));
  }

  @Test
  void escapedValuesAndValuesPastTheInputAreLeftToTheParser() throws IOException {
    byte[] json = "{\"a\": \"say \\\"hi\\\"\", \"b\": \"back\\\\slash\", \"c\": \"\\u00e9\", \"d\": \"ok\"}"
        .getBytes(StandardCharsets.UTF_8);
    List<Object> values = new ArrayList<>();
    try (JsonParser parser = ConvertJson.parser(json, 0, json.length)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          values.add(new JsonInput(json, 0).rawString(parser));
        }
      }
    }
    assertThat(values).containsExactly(null, null, null, new Utf8("ok"));

    byte[] cut = "{\"a\": \"unterminated".getBytes(StandardCharsets.UTF_8);
    try (JsonParser parser = ConvertJson.parser(cut, 0, cut.length)) {
      parser.nextToken();
      parser.nextToken();
      assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
      assertThat((Object) new JsonInput(cut, 0).rawString(parser)).isNull();
    }
  }

  /** A string that ends only past the parser's input (in the rest of a larger array) still fails the parser. */
  @Test
  void aStringEndingPastTheParsersInputFailsTheParser() throws IOException {
    byte[] page = "{\"a\": \"cut here\"}".getBytes(StandardCharsets.UTF_8);
    int length = page.length - 5; // {"a": "cut h
    try (JsonParser parser = ConvertJson.parser(page, 0, length)) {
      parser.nextToken();
      parser.nextToken();
      assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
      assertThat((Object) new JsonInput(page, 0).rawString(parser)).isEqualTo(new Utf8("cut here"));
      assertThatThrownBy(parser::nextToken).isInstanceOf(JsonEOFException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"41", "c3a9", "e69db1", "f09f9880", "efbfbf", "f48fbfbf", "e0a080", "ed9fbf", "ee8080"})
  void wellFormedUtf8IsAccepted(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThat(JsonInput.isWellFormedUtf8(bytes, 0, bytes.length)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "c080", "c1bf", // overlong 2-byte
      "e08080", "e09fbf", // overlong 3-byte
      "eda080", "edbfbf", // surrogates U+D800, U+DFFF
      "f08f8080", // overlong 4-byte
      "f4908080", "f5808080", // beyond U+10FFFF
      "80", "bf", "ff", "fe", // continuation or invalid lead byte
      "c3", "e69d", "f09f98", // truncated
      "c341", "e641b1", "f09f4180"}) // a continuation byte missing
  void malformedUtf8IsRejected(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThat(JsonInput.isWellFormedUtf8(bytes, 0, bytes.length)).isFalse();
  }

  /**
   * Over random strings with escaped quotes and backslashes, DEL and non-ASCII text anywhere, a value is its raw bytes
   * exactly where it has no escape, and left to the parser otherwise.
   */
  @Test
  void randomStringsAreTheirBytesOrLeftToTheParser() throws IOException {
    Random random = new Random(11);
    String[] pieces =
        {"a", "Z", " ", "~", "\u007f", "\\\"", "\\\\", "\\n", "\\u0041", "\u00e9", "\u6771", "\uD83D\uDE00"};
    int raw = 0;
    int left = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        value.append(random.nextInt(4) == 0 ? pieces[random.nextInt(pieces.length)] : "x");
      }
      byte[] json = ("{\"k\": \"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
      try (JsonParser parser = ConvertJson.parser(json, 0, json.length)) {
        parser.nextToken();
        parser.nextToken();
        assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
        Utf8 bytes = new JsonInput(json, 0).rawString(parser);
        String text = parser.getText();
        if (value.indexOf("\\") >= 0) {
          assertThat((Object) bytes).as(value.toString()).isNull();
          left++;
        } else {
          assertThat((Object) bytes).as(value.toString()).isNotNull();
          assertThat(bytes.toString()).isEqualTo(text);
          raw++;
        }
      }
    }
    assertThat(raw).isGreaterThan(1_000);
    assertThat(left).isGreaterThan(1_000);
  }

  /**
   * A parser told where scanned strings end reads the same tokens, names, texts and offsets as Jackson's own, whether
   * the text of a scanned string is then asked for or not; input that is not UTF-8 is read by Jackson's own parsers.
   */
  @Test
  void aParserMovesPastScannedStringsAsJacksonDoes() throws IOException {
    Random random = new Random(5);
    String[] pieces = {"a", " ", "\\\"", "\\u0041", "\u00e9", "\uD83D\uDE00"};
    JsonFactory jackson = new JsonFactory();
    for (int n = 0; n < 2_000; n++) {
      StringBuilder document = new StringBuilder("{");
      int fields = 1 + random.nextInt(8);
      for (int f = 0; f < fields; f++) {
        document.append(f == 0 ? "" : ",").append("\"k").append(f).append("\":");
        switch (random.nextInt(4)) {
          case 0 -> document.append(random.nextInt(1000));
          case 1 -> document.append("[\"").append(randomText(random, pieces)).append("\", null, {\"in\": \"")
              .append(randomText(random, pieces)).append("\"}]");
          default -> document.append("\"").append(randomText(random, pieces)).append("\"");
        }
      }
      byte[] json = ("  " + document.append("}") + " ").getBytes(StandardCharsets.UTF_8);
      JsonInput input = new JsonInput(json, 1);
      try (JsonParser parser = ConvertJson.parser(json, 1, json.length - 1);
          JsonParser expected = jackson.createParser(json, 1, json.length - 1)) {
        assertThat(parser).isInstanceOf(ScannedStringParser.class);
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          assertThat(token).isEqualTo(expected.nextToken());
          assertThat(parser.currentTokenLocation().getByteOffset())
              .isEqualTo(expected.currentTokenLocation().getByteOffset());
          assertThat(parser.currentName()).isEqualTo(expected.currentName());
          if (token == JsonToken.VALUE_STRING) {
            // 0: skipped without a scan; 1: scanned, then its text asked for too; else scanned, or read if it cannot be
            int use = random.nextInt(4);
            Utf8 raw = use == 0 ? null : input.rawString(parser);
            if (raw != null) {
              assertThat(raw.toString()).isEqualTo(expected.getText());
            }
            if (use == 1 || use > 1 && raw == null) {
              assertThat(parser.getText()).isEqualTo(expected.getText());
            }
          } else {
            assertThat(parser.getText()).isEqualTo(expected.getText());
          }
        }
        assertThat(expected.nextToken()).isNull();
      }
    }

    byte[] utf16 = "{\"a\": \"\u00e9\"}".getBytes(StandardCharsets.UTF_16LE);
    try (JsonParser parser = ConvertJson.parser(utf16, 0, utf16.length)) {
      assertThat(parser).isNotInstanceOf(ScannedStringParser.class);
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      assertThat(parser.nextFieldName()).isEqualTo("a");
      assertThat(parser.nextTextValue()).isEqualTo("\u00e9");
    }
  }

  private static String randomText(Random random, String[] pieces) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      text.append(random.nextInt(3) == 0 ? pieces[random.nextInt(pieces.length)] : "x");
    }
    return text.toString();
  }

  private static List<String> rawStrings(byte[] input, int offset, int length) throws IOException {
    JsonInput source = new JsonInput(input, offset);
    List<String> values = new ArrayList<>();
    try (JsonParser parser = ConvertJson.parser(input, offset, length)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          Utf8 raw = source.rawString(parser);
          assertThat((Object) raw).as("the raw bytes of %s", parser.getText()).isNotNull();
          assertThat(raw.toString()).isEqualTo(parser.getText());
          values.add(raw.toString());
        }
      }
    }
    return values;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }
}
