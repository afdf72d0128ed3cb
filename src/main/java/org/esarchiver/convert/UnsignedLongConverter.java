package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * An {@code unsigned_long} to Avro {@code decimal(20,0)} on a 9-byte fixed (Parquet {@code DECIMAL(20,0)} on {@code
 * FIXED_LEN_BYTE_ARRAY(9)}): big-endian two's complement of the whole number, which holds 0..2^64-1 exactly.
 */
final class UnsignedLongConverter implements ValueConverter {

  static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(64);

  private final Schema fixedSchema;

  UnsignedLongConverter(Schema fixedSchema) {
    this.fixedSchema = fixedSchema;
  }

  @Override
  public Object convert(JsonNode value, Conversion conversion) {
    if (ScalarConverters.isEmptyString(value)) {
      return null;
    }
    BigInteger whole = ScalarConverters.wholeNumber(value, "an unsigned long integer");
    if (whole.signum() < 0 || whole.compareTo(LIMIT) >= 0) {
      throw RejectedValue.expected("an unsigned long integer from 0 to " + LIMIT.subtract(BigInteger.ONE), value);
    }
    return new GenericData.Fixed(fixedSchema, bytes(whole));
  }

  /** {@code whole} (0..2^64-1) as 9 big-endian bytes of two's complement. */
  static byte[] bytes(BigInteger whole) {
    byte[] minimal = whole.toByteArray(); // at most 9 bytes: a leading 0 keeps 2^63..2^64-1 positive
    byte[] fixed = new byte[AvroSchemaBuilder.UNSIGNED_LONG_BYTES];
    System.arraycopy(minimal, 0, fixed, fixed.length - minimal.length, minimal.length);
    return fixed;
  }
}
