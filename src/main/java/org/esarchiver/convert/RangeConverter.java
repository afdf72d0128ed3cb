package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * A range field ({@code integer_range}, {@code long_range}, {@code float_range}, {@code double_range}, {@code
 * date_range}, {@code ip_range}) to a record {@code {gte, gt, lte, lt}} of its bound type; bounds are coerced like
 * fields of that type ({@code date_range} bounds parsed with the field's formats). An {@code ip_range} given in CIDR
 * notation ({@code "10.0.0.0/8"}) keeps that string in a fifth field {@code cidr}. Any other key, or a bound that does
 * not fit, rejects the whole range (to {@code _overflow}).
 */
final class RangeConverter implements ValueConverter {

  static final List<String> BOUNDS = List.of("gte", "gt", "lte", "lt");
  static final String CIDR = "cidr";
  private static final int CIDR_POSITION = 4;
  private static final Pattern CIDR_NOTATION = Pattern.compile("[0-9A-Fa-f:.]+/[0-9]{1,3}");

  private final Schema schema;
  private final ValueConverter bound;
  private final boolean acceptsCidr;

  RangeConverter(Schema schema, ValueConverter bound, boolean acceptsCidr) {
    this.schema = schema;
    this.bound = bound;
    this.acceptsCidr = acceptsCidr;
  }

  @Override
  public Object convert(JsonNode value, Conversion conversion) {
    GenericData.Record range = new GenericData.Record(schema);
    if (acceptsCidr && value.isTextual() && CIDR_NOTATION.matcher(value.textValue()).matches()) {
      range.put(CIDR_POSITION, value.textValue());
      return range;
    }
    if (!value.isObject()) {
      throw RejectedValue.expected("a range object {gte, gt, lte, lt}" + (acceptsCidr ? " or CIDR" : ""), value);
    }
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      int position = BOUNDS.indexOf(entry.getKey());
      if (position < 0) {
        throw RejectedValue.expected("a range object with keys gte, gt, lte, lt", value);
      }
      if (!entry.getValue().isNull()) {
        range.put(position, bound.convert(entry.getValue(), conversion));
      }
    }
    return range;
  }
}
