package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The equality of the invariant: as Elasticsearch reads a document, and exactly where it does not. */
class SourceEquivalenceTest {

  private static final ArchiveSchema SCHEMA =
      schema(
          """
          {"status": {"type": "short"}, "bytes": {"type": "long"}, "ratio": {"type": "float"},
           "flag": {"type": "boolean"}, "name": {"type": "keyword"}, "at": {"type": "date"},
           "precise": {"type": "date_nanos"}, "logged": {"type": "date", "format": "dd/MMM/yyyy:HH:mm:ss Z"},
           "geo": {"type": "geo_point"}, "counter": {"type": "unsigned_long"}, "blob": {"type": "binary"},
           "labels": {"type": "flattened"}, "weights": {"type": "rank_features"}, "join": {"type": "join"},
           "span": {"type": "date_range"}, "shape": {"type": "geo_shape"}, "any": {"type": "completion"},
           "host": {"properties": {"name": {"type": "keyword"}, "ip": {"type": "ip"}}},
           "comments": {"type": "nested", "properties": {"author": {"type": "keyword"}}}}
          """);

  @ParameterizedTest(name = "{0} equals {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"status": "200"}                                  | {"status": 200}
          {"status": 3.0}                                    | {"status": 3}
          {"status": [200]}                                  | {"status": 200}
          {"status": [200, null, [404]]}                     | {"status": [404, 200]}
          {"status": null, "bytes": []}                      | {}
          {"status": ""}                                     | {}
          {"ratio": "0.1"}                                   | {"ratio": 0.1}
          {"ratio": 16777217}                                | {"ratio": 16777216}
          {"flag": "true"}                                   | {"flag": true}
          {"flag": ""}                                       | {"flag": false}
          {"name": 42}                                       | {"name": "42"}
          {"at": "2019-03-01T11:15:30.123+01:00"}            | {"at": 1551435330123}
          {"at": "2019-03-01T10:15:30.123999Z"}              | {"at": "2019-03-01T10:15:30.123Z"}
          {"precise": "2019-03-01T10:15:30.123456789Z"}      | {"precise": "2019-03-01T11:15:30.123456789+01:00"}
          {"logged": "01/Mar/2019:11:15:30 +0100"}           | {"logged": "2019-03-01T10:15:30Z"}
          {"at": 253402300800000}                            | {"at": "+10000-01-01T00:00:00Z"}
          {"geo": "41.12,-71.34"}                            | {"geo": {"lat": 41.12, "lon": -71.34}}
          {"geo": [-71.34, 41.12]}                           | {"geo": "POINT (-71.34 41.12)"}
          {"counter": "18446744073709551615"}                | {"counter": 18446744073709551615}
          {"blob": "AAEC"}                                   | {"blob": "AAEC"}
          {"blob": "AAE="}                                   | {"blob": "AAE"}
          {"labels": {"a": {"b": 1}}}                        | {"labels": {"a.b": "1"}}
          {"labels.a": true}                                 | {"labels": {"a": "true"}}
          {"weights": {"x": 1}}                              | {"weights": {"x": 1.0}}
          {"join": "question"}                               | {"join": {"name": "question"}}
          {"span": {"gte": "2019-03-01"}}                    | {"span": {"gte": 1551398400000, "lt": null}}
          {"shape": {"type": "Point", "coordinates": [1, 2]}} | {"shape": {"coordinates": [1.0, 2], "type": "Point"}}
          {"host.name": "a", "host": {"ip": "10.0.0.1"}}     | {"host": {"name": "a", "ip": "10.0.0.1"}}
          {"host": [{"name": "a"}, {"name": "b"}]}           | {"host": {"name": ["a", "b"]}}
          {"host": {}}                                       | {}
          {"comments": {"author": "a"}}                      | {"comments": [{"author": "a"}]}
          {"comments.author": "a"}                           | {"comments": [{"author": "a"}]}
          {"extra": {"b": 1, "a": [1.0, null]}}              | {"extra": {"a": [1, null], "b": 1.00}}
          {"extra": {"a": 1}, "extra.b": 2}                  | {"extra.b": 2, "extra": {"a": 1}}
          {"host": {"os": "a"}, "host.os": "b"}              | {"host": {"os": ["a", "b"]}}
          """)
  void equalAsElasticsearchReadsThem(String original, String rebuilt) {
    assertThat(SourceEquivalence.differences(json(original), json(rebuilt), SCHEMA)).isEmpty();
    assertThat(SourceEquivalence.equivalent(json(rebuilt), json(original), SCHEMA)).isTrue();
  }

  @ParameterizedTest(name = "{0} differs from {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"status": 200}                                    | {"status": 201}
          {"status": 200}                                    | {}
          {"status": [200, 200]}                             | {"status": 200}
          {"status": "abc"}                                  | {}
          {"status": "abc"}                                  | {"status": "ABC"}
          {"status": 3.5}                                    | {"status": 3}
          {"ratio": 0.1}                                     | {"ratio": 0.2}
          {"name": "a"}                                      | {"name": "A"}
          {"name": "1.0"}                                    | {"name": 1}
          {"at": "2019-03-01T10:15:30.123Z"}                 | {"at": "2019-03-01T10:15:30.124Z"}
          {"precise": "2019-03-01T10:15:30.123456789Z"}      | {"precise": "2019-03-01T10:15:30.123456Z"}
          {"geo": {"lat": 41.12, "lon": -71.34}}             | {"geo": {"lat": -71.34, "lon": 41.12}}
          {"blob": "AAEC"}                                   | {"blob": "AAED"}
          {"labels": {"a": "1", "b": "2"}}                   | {"labels": {"a": "1"}}
          {"join": {"name": "answer", "parent": "1"}}        | {"join": "answer"}
          {"shape": "POINT (1 2)"}                           | {"shape": "POINT(1 2)"}
          {"any": ["a", "b"]}                                | {"any": ["b", "a"]}
          {"comments": [{"author": "a"}, {"author": "b"}]}   | {"comments": [{"author": "a"}]}
          {"comments": [{"author": "a", "x": 1}]}            | {"comments": [{"author": "a"}]}
          {"extra": {"a": 1}}                                | {"extra": {"a": "1"}}
          {"extra": null}                                    | {}
          {"extra": [1, 2]}                                  | {"extra": [2, 1]}
          {"host": {"os": "linux"}}                          | {"host": {"OS": "linux"}}
          """)
  void differentValuesAreReported(String original, String rebuilt) {
    assertThat(SourceEquivalence.differences(json(original), json(rebuilt), SCHEMA)).isNotEmpty();
    assertThat(SourceEquivalence.equivalent(json(original), json(rebuilt), SCHEMA)).isFalse();
  }

  @Test
  void differencesNameThePathAndBothValues() {
    assertThat(
            SourceEquivalence.differences(
                json("{\"status\": 200, \"host\": {\"os\": \"linux\"}}"),
                json("{\"status\": \"201\", \"host\": {\"name\": \"x\"}}"),
                SCHEMA))
        .containsExactly(
            "host.name: original [] rebuilt [v \"x\"]",
            "host.os: original [raw \"linux\"] rebuilt []",
            "status: original [v I:200] rebuilt [v I:201]");
  }

  @Test
  void catchesEveryValueTheRebuilderCouldLose() {
    JsonNode original = HostileCorpus.hits().get(0).get("_source");
    for (String field : (Iterable<String>) original::fieldNames) {
      ObjectNode withoutField = original.deepCopy();
      withoutField.remove(field);

      assertThat(SourceEquivalence.differences(original, withoutField, HostileCorpus.schema())).as(field).isNotEmpty();
    }
  }
}
