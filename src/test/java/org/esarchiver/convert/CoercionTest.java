package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.schema;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values Elasticsearch coerces by default, and what the archive makes of them. */
class CoercionTest {

  private static final DocumentConverter CONVERTER =
      new DocumentConverter(
          schema(
              """
              {"keyword": {"type": "keyword"}, "integer": {"type": "integer"}, "long": {"type": "long"},
               "short": {"type": "short"}, "float": {"type": "float"}, "half_float": {"type": "half_float"},
               "double": {"type": "double"}, "scaled_float": {"type": "scaled_float", "scaling_factor": 10},
               "boolean": {"type": "boolean"}, "ip": {"type": "ip"}}
              """));

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          integer      | 42                     | 42
          integer      | "42"                   | 42
          integer      | "-7"                   | -7
          integer      | 3.0                    | 3
          integer      | "3.0"                  | 3
          integer      | "1e3"                  | 1000
          integer      | 2147483647             | 2147483647
          integer      | ""                     | null
          short        | "12"                   | 12
          long         | 9223372036854775807    | 9223372036854775807
          long         | "9223372036854775807"  | 9223372036854775807
          long         | -5.0                   | -5
          float        | 12.5                   | 12.5
          float        | "12.5"                 | 12.5
          float        | 3                      | 3.0
          float        | ""                     | null
          half_float   | "0.5"                  | 0.5
          double       | "1e-3"                 | 0.001
          double       | 7                      | 7.0
          scaled_float | 12.34                  | 12.34
          boolean      | true                   | true
          boolean      | "true"                 | true
          boolean      | "false"                | false
          boolean      | ""                     | false
          keyword      | 42                     | 42
          keyword      | 1.5                    | 1.5
          keyword      | true                   | true
          keyword      | "  spaced  "           | `  spaced  `
          ip           | "2001:db8::1"          | 2001:db8::1
          """)
  void coercesLikeElasticsearch(String field, String valueJson, String expected) {
    GenericRecord record = CONVERTER.convert("i", "1", json("{\"" + field + "\": " + valueJson + "}"));

    assertThat(String.valueOf(record.get(field))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: {1} is a {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          integer      | "1"  | java.lang.Integer
          short        | 1    | java.lang.Integer
          long         | "1"  | java.lang.Long
          float        | "1"  | java.lang.Float
          half_float   | 1    | java.lang.Float
          double       | "1"  | java.lang.Double
          scaled_float | 1    | java.lang.Double
          boolean      | true | java.lang.Boolean
          keyword      | 1    | java.lang.String
          """)
  void producesTheJavaTypeOfTheAvroColumn(String field, String valueJson, Class<?> javaType) {
    GenericRecord record = CONVERTER.convert("i", "1", json("{\"" + field + "\": " + valueJson + "}"));

    assertThat(record.get(field)).isExactlyInstanceOf(javaType);
  }
}
