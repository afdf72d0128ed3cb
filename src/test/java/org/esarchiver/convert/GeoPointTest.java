package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.schema;

import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeoPointTest {

  private static final DocumentConverter CONVERTER =
      new DocumentConverter(
          schema("{\"location\": {\"type\": \"geo_point\"}, \"stops\": {\"type\": \"geo_point\"}}", "stops"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"lat\": 41.12, \"lon\": -71.34}",
        "{\"lat\": \"41.12\", \"lon\": \"-71.34\"}",
        "\"41.12,-71.34\"",
        "\" 41.12 , -71.34 \"",
        "[-71.34, 41.12]",
        "[-71.34, 41.12, 15.0]",
        "[[-71.34, 41.12]]",
        "\"POINT (-71.34 41.12)\"",
        "\"point(-71.34 41.12)\"",
        "{\"type\": \"Point\", \"coordinates\": [-71.34, 41.12]}"
      })
  void acceptsEveryInputFormOfElasticsearch(String value) {
    GenericRecord point = point(CONVERTER.convert("i", "1", json("{\"location\": " + value + "}")).get("location"));

    assertThat(point.get("lat")).isEqualTo(41.12);
    assertThat(point.get("lon")).isEqualTo(-71.34);
  }

  @Test
  void decodesGeohashToTheCenterOfItsCell() {
    GenericRecord point = point(CONVERTER.convert("i", "1", json("{\"location\": \"drm3btev3e86\"}")).get("location"));

    assertThat((double) point.get("lat")).isCloseTo(41.12, Offset.offset(1e-6));
    assertThat((double) point.get("lon")).isCloseTo(-71.34, Offset.offset(1e-6));
  }

  @Test
  void listOfPointsTakesEveryForm() {
    List<?> stops =
        (List<?>)
            CONVERTER
                .convert("i", "1", json("{\"stops\": [[13.4, 52.5], \"48.1,11.6\", {\"lat\": 53.6, \"lon\": 10.0}]}"))
                .get("stops");
    List<?> single = (List<?>) CONVERTER.convert("i", "2", json("{\"stops\": [13.4, 52.5]}")).get("stops");

    assertThat(stops).extracting(p -> point(p).get("lat")).containsExactly(52.5, 48.1, 53.6);
    assertThat(single).extracting(p -> point(p).get("lon")).containsExactly(13.4);
  }

  private static GenericRecord point(Object value) {
    return (GenericRecord) value;
  }
}
