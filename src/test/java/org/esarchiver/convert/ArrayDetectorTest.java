package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class ArrayDetectorTest {

  private static final String MAPPING =
      """
      {"tags": {"type": "keyword"}, "status": {"type": "integer"}, "location": {"type": "geo_point"},
       "vector": {"type": "dense_vector"}, "suggest": {"type": "completion"}, "spot": {"type": "point"},
       "hosts": {"properties": {"name": {"type": "keyword"}, "ips": {"type": "ip"}}},
       "comments": {"type": "nested", "properties": {"labels": {"type": "keyword"}, "author": {"type": "keyword"}}},
       "client": {"properties": {"ip": {"type": "ip"}}}, "labels": {"type": "flattened"}}
      """;

  @Test
  void reportsMappedFieldsWithTwoOrMoreValuesInTheSample() {
    ArchiveSchema schema = schema(MAPPING);

    Set<String> arrays =
        ArrayDetector.detect(
            schema,
            List.of(
                json("{\"tags\": [\"a\", \"b\"], \"status\": [200], \"unmapped\": [1, 2, 3]}"),
                json("{\"hosts\": [{\"name\": \"a\", \"ips\": [\"10.0.0.1\", \"10.0.0.2\"]}, {\"name\": \"b\"}]}"),
                json("{\"comments\": [{\"labels\": [\"x\", \"y\"], \"author\": \"ann\"}, {\"author\": \"bob\"}]}"),
                json("{\"client\": {\"ip\": \"10.0.0.1\"}, \"client.ip\": \"10.0.0.2\"}"),
                json("{\"location\": [13.4, 52.5], \"vector\": [1, 2, 3], \"suggest\": [\"a\", \"b\"]}"),
                json("{\"spot\": [1, 2], \"labels\": {\"k\": [\"v1\", \"v2\"]}, \"status\": [null, 3, null]}")));

    assertThat(arrays).containsExactly("client.ip", "comments.labels", "hosts", "hosts.ips", "tags");
  }

  @Test
  void reportsArraysOfPointsAndVectorsAndNestedArraysFlattened() {
    Set<String> arrays =
        ArrayDetector.detect(
            schema(MAPPING),
            List.of(
                json("{\"location\": [[13.4, 52.5], \"48.1,11.6\"], \"vector\": [[1, 2], [3, 4]]}"),
                json("{\"spot\": [[1, 2], [3, 4]], \"status\": [[1], [2]]}")));

    assertThat(arrays).containsExactly("location", "spot", "status", "vector");
  }

  @Test
  void detectedFieldsBecomeListColumnsThatHoldTheValues() {
    ArchiveSchema sampled = schema(MAPPING);
    List<JsonNode> sample = List.of(json("{\"tags\": [\"a\", \"b\"], \"hosts\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}"));
    Set<String> arrays = ArrayDetector.detect(sampled, sample);

    ArchiveSchema listed =
        ArchiveSchema.fromMapping(
            "i", ConvertFixtures.mappingWith(MAPPING), ConvertFixtures.options(false).withArrayFields(arrays));
    GenericData.Record record = new DocumentConverter(listed).convert("i", "1", sample.get(0));

    assertThat(record.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat((List<?>) record.get("hosts")).hasSize(2);
    assertThat(record.get("_overflow")).isNull();
  }

  @Test
  void nothingToReportInAnEmptySampleOrInNonObjects() {
    assertThat(ArrayDetector.detect(schema(MAPPING), List.of())).isEmpty();
    assertThat(ArrayDetector.detect(schema(MAPPING), java.util.Arrays.asList(json("[1, 2]"), null))).isEmpty();
  }
}
