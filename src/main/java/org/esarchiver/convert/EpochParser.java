package org.esarchiver.convert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * {@code epoch_millis} and {@code epoch_second}: a decimal number of milliseconds or seconds since 1970, possibly
 * negative or fractional ({@code "1551434400000.5"}). Digits below a nanosecond are dropped.
 */
enum EpochParser implements DateParser {
  MILLIS(3),
  SECONDS(0);

  private final int unitDigitsBelowSecond;

  EpochParser(int unitDigitsBelowSecond) {
    this.unitDigitsBelowSecond = unitDigitsBelowSecond;
  }

  @Override
  public Instant parse(String text) {
    int fractionDot = decimalPointOf(text);
    if (fractionDot == -2) {
      return null;
    }
    try {
      if (fractionDot < 0) {
        long whole = Long.parseLong(text);
        return this == MILLIS ? Instant.ofEpochMilli(whole) : Instant.ofEpochSecond(whole);
      }
      BigDecimal seconds = new BigDecimal(text).movePointLeft(unitDigitsBelowSecond);
      BigDecimal wholeSeconds = seconds.setScale(0, RoundingMode.FLOOR);
      int nanos = seconds.subtract(wholeSeconds).movePointRight(9).intValue();
      return Instant.ofEpochSecond(wholeSeconds.longValueExact(), nanos);
    } catch (NumberFormatException | ArithmeticException | DateTimeException e) { // beyond the representable range
      return null;
    }
  }

  /** Index of the decimal point, -1 for a whole number, -2 if the text is not {@code -?digits(.digits)?}. */
  private static int decimalPointOf(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int dot = -1;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' && dot < 0 && i > start && i < text.length() - 1) {
        dot = i;
      } else if (c < '0' || c > '9') {
        return -2;
      }
    }
    return text.length() > start ? dot : -2;
  }
}
