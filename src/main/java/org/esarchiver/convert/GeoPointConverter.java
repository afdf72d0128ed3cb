package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * A {@code geo_point} in any form Elasticsearch accepts, to a {@code {lat, lon}} record: {@code {"lat": 41.1, "lon":
 * -71.3}}, {@code "41.1,-71.3"}, {@code [-71.3, 41.1]} (lon first), {@code "POINT (-71.3 41.1)"}, a GeoJSON point
 * {@code {"type": "Point", "coordinates": [-71.3, 41.1]}} or a geohash such as {@code "drm3btev3e86"} (its cell's
 * center). A third coordinate (z) is accepted and dropped.
 */
final class GeoPointConverter implements ValueConverter {

  private static final String EXPECTATION =
      "a geo_point ({\"lat\":..,\"lon\":..}, \"lat,lon\", [lon, lat], \"POINT (lon lat)\" or a geohash)";
  private static final Pattern WKT_POINT =
      Pattern.compile("POINT\\s*(?:Z\\s*)?\\(\\s*(\\S+)\\s+(\\S+)(?:\\s+\\S+)?\\s*\\)", Pattern.CASE_INSENSITIVE);
  private static final String GEOHASH_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";
  private static final int MAX_GEOHASH_LENGTH = 12;

  private final Schema pointSchema;

  GeoPointConverter(Schema pointSchema) {
    this.pointSchema = pointSchema;
  }

  @Override
  public Object convert(JsonNode value, Conversion conversion) {
    if (value.isObject()) {
      if (value.has("lat") || value.has("lon")) {
        return point(value.get("lat"), value.get("lon"), value);
      }
      if ("point".equalsIgnoreCase(value.path("type").asText()) && value.path("coordinates").isArray()) {
        return fromCoordinates(value.get("coordinates"), value);
      }
    } else if (value.isArray()) {
      return fromCoordinates(value, value);
    } else if (value.isTextual()) {
      return fromText(value.textValue().trim(), value);
    }
    throw RejectedValue.expected(EXPECTATION, value);
  }

  /**
   * The common form, {@code {"lat": number, "lon": number}}, read as it streams by; any other object needs the tree. A
   * number's double is the same read from its text or from its BigDecimal (the tree's node).
   */
  @Override
  public Object convertObject(JsonParser parser, Conversion conversion) throws IOException {
    double lat = Double.NaN;
    double lon = Double.NaN;
    for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value != JsonToken.VALUE_NUMBER_FLOAT && value != JsonToken.VALUE_NUMBER_INT) {
        return Column.NOT_STREAMED;
      }
      switch (name) {
        case "lat" -> lat = parser.getDoubleValue();
        case "lon" -> lon = parser.getDoubleValue();
        default -> {
          return Column.NOT_STREAMED;
        }
      }
    }
    if (Double.isNaN(lat) || Double.isNaN(lon)) {
      return Column.NOT_STREAMED;
    }
    return point(lat, lon, null);
  }

  @Override
  public boolean takesArrays() {
    return true;
  }

  @Override
  public boolean isSingleValue(JsonNode array) {
    if (array.size() < 2 || array.size() > 3) {
      return false;
    }
    for (JsonNode coordinate : array) {
      if (!coordinate.isNumber()) {
        return false;
      }
    }
    return true;
  }

  private GenericData.Record fromCoordinates(JsonNode lonLat, JsonNode value) {
    if (!isSingleValue(lonLat)) {
      throw RejectedValue.expected(EXPECTATION, value);
    }
    return point(lonLat.get(1).doubleValue(), lonLat.get(0).doubleValue(), value);
  }

  private GenericData.Record fromText(String text, JsonNode value) {
    Matcher wkt = WKT_POINT.matcher(text);
    if (wkt.matches()) {
      return point(coordinate(wkt.group(2), value), coordinate(wkt.group(1), value), value);
    }
    String[] parts = text.split(",", -1);
    if (parts.length == 2 || parts.length == 3) {
      return point(coordinate(parts[0].trim(), value), coordinate(parts[1].trim(), value), value);
    }
    if (parts.length == 1) {
      return fromGeohash(text.toLowerCase(Locale.ROOT), value);
    }
    throw RejectedValue.expected(EXPECTATION, value);
  }

  private GenericData.Record fromGeohash(String geohash, JsonNode value) {
    if (geohash.isEmpty() || geohash.length() > MAX_GEOHASH_LENGTH) {
      throw RejectedValue.expected(EXPECTATION, value);
    }
    double[] latRange = {-90, 90};
    double[] lonRange = {-180, 180};
    boolean refinesLon = true;
    for (int i = 0; i < geohash.length(); i++) {
      int bits = GEOHASH_ALPHABET.indexOf(geohash.charAt(i));
      if (bits < 0) {
        throw RejectedValue.expected(EXPECTATION, value);
      }
      for (int bit = 4; bit >= 0; bit--) {
        double[] range = refinesLon ? lonRange : latRange;
        double middle = (range[0] + range[1]) / 2;
        range[((bits >> bit) & 1) == 1 ? 0 : 1] = middle;
        refinesLon = !refinesLon;
      }
    }
    return point((latRange[0] + latRange[1]) / 2, (lonRange[0] + lonRange[1]) / 2, value);
  }

  private GenericData.Record point(JsonNode lat, JsonNode lon, JsonNode value) {
    if (lat == null || lon == null) {
      throw RejectedValue.expected(EXPECTATION, value);
    }
    return point(coordinate(lat, value), coordinate(lon, value), value);
  }

  private static double coordinate(JsonNode coordinate, JsonNode value) {
    if (coordinate.isNumber()) {
      return coordinate.doubleValue();
    }
    if (coordinate.isTextual()) {
      return coordinate(coordinate.textValue().trim(), value);
    }
    throw RejectedValue.expected(EXPECTATION, value);
  }

  private static double coordinate(String text, JsonNode value) {
    try {
      return new BigDecimal(text).doubleValue();
    } catch (NumberFormatException e) {
      throw RejectedValue.expected(EXPECTATION, value);
    }
  }

  private GenericData.Record point(double lat, double lon, JsonNode value) {
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
      throw RejectedValue.expected("a geo_point with latitude in [-90, 90] and longitude in [-180, 180]", value);
    }
    GenericData.Record point = new GenericData.Record(pointSchema);
    point.put(0, lat);
    point.put(1, lon);
    return point;
  }
}
