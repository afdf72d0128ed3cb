package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.esarchiver.convert.ConvertFixtures.json;
import static org.esarchiver.convert.ConvertFixtures.schema;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateFormatsTest {

  private static final String DEFAULT_FORMAT = "strict_date_optional_time||epoch_millis";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2019-03-01T10:15:30.123Z, 2019-03-01T10:15:30.123Z",
    "2019-03-01T10:15:30Z, 2019-03-01T10:15:30Z",
    "2019-03-01T10:15:30, 2019-03-01T10:15:30Z",
    "2019-03-01T10:15:30+02:00, 2019-03-01T08:15:30Z",
    "2019-03-01T10:15:30.123456789-0130, 2019-03-01T11:45:30.123456789Z",
    "2019-03-01T10:15:30+01, 2019-03-01T09:15:30Z",
    "2019-03-01T10:15:30Europe/Paris, 2019-03-01T09:15:30Z",
    "2019-03-01T10:15, 2019-03-01T10:15:00Z",
    "2019-03-01T10, 2019-03-01T10:00:00Z",
    "2019-03-01, 2019-03-01T00:00:00Z",
    "2019-03, 2019-03-01T00:00:00Z",
    "2019, 2019-01-01T00:00:00Z",
    "1551435330123, 2019-03-01T10:15:30.123Z",
    "-1000, 1969-12-31T23:59:59Z",
    "1551435330123.5, 2019-03-01T10:15:30.123500Z",
    "-1.5, 1969-12-31T23:59:59.998500Z"
  })
  void defaultFormatTakesIsoDatesThenEpochMillis(String text, String expected) {
    assertThat(DateFormats.compile(DEFAULT_FORMAT, Locale.ROOT).parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2019-02-30", "2019-03-01T25:00", "2019-3-1", "19-03-01", "2019-03-01T10:15:30Q",
      "2019-03-01T10:15:30.1234567891Z", "", "1.5e12", "--1"})
  void defaultFormatRejects(String text) {
    assertThat(DateFormats.compile(DEFAULT_FORMAT, Locale.ROOT).parse(text)).isNull();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          date_optional_time                 ; 2019-3-1T9:05                  ; 2019-03-01T09:05:00Z
          strict_date_optional_time_nanos    ; 2019-03-01T10:15:30.123456789Z ; 2019-03-01T10:15:30.123456789Z
          strict_date_time_no_millis         ; 2019-03-01T10:15:30+00:00      ; 2019-03-01T10:15:30Z
          strict_date_hour_minute_second     ; 2019-03-01T10:15:30            ; 2019-03-01T10:15:30Z
          date                               ; 2019-03-01                     ; 2019-03-01T00:00:00Z
          strictDateOptionalTime             ; 2019-03-01T10:15:30Z           ; 2019-03-01T10:15:30Z
          basic_date                         ; 20190301                       ; 2019-03-01T00:00:00Z
          basic_date_time                    ; 20190301T101530.123Z           ; 2019-03-01T10:15:30.123Z
          basic_date_time_no_millis          ; 20190301T101530+0100           ; 2019-03-01T09:15:30Z
          hour_minute                        ; 10:15                          ; 1970-01-01T10:15:00Z
          strict_t_time                      ; T10:15:30.5Z                   ; 1970-01-01T10:15:30.5Z
          basic_time_no_millis               ; 101530Z                        ; 1970-01-01T10:15:30Z
          ordinal_date                       ; 2019-060                       ; 2019-03-01T00:00:00Z
          week_date                          ; 2019-W09-5                     ; 2019-03-01T00:00:00Z
          epoch_second                       ; 1551435330                     ; 2019-03-01T10:15:30Z
          epoch_second                       ; 1551435330.25                  ; 2019-03-01T10:15:30.25Z
          yyyy-MM-dd HH:mm:ss                ; 2019-03-01 10:15:30            ; 2019-03-01T10:15:30Z
          dd/MMM/yyyy:HH:mm:ss Z             ; 01/Mar/2019:10:15:30 +0100     ; 2019-03-01T09:15:30Z
          dd/MMM/yyyy:HH:mm:ss Z             ; 01/MAR/2019:10:15:30 -0000     ; 2019-03-01T10:15:30Z
          yyyy/MM/dd                         ; 2019/03/01                     ; 2019-03-01T00:00:00Z
          yyyy-MM                            ; 2019-03                        ; 2019-03-01T00:00:00Z
          HH:mm                              ; 10:15                          ; 1970-01-01T10:15:00Z
          yyyy-MM-dd'T'HH:mm:ss.SSSXXX       ; 2019-03-01T10:15:30.123+02:00  ; 2019-03-01T08:15:30.123Z
          yyyy-MM-dd||epoch_second           ; 1551435330                     ; 2019-03-01T10:15:30Z
          """)
  void parsesNamedFormatsAndJavaTimePatterns(String format, String text, String expected) {
    assertThat(DateFormats.compile(format, Locale.ROOT).parse(text)).isEqualTo(Instant.parse(expected));
  }

  @Test
  void strictFormatsWantFourDigitYearsAndTwoDigitFields() {
    DateParser strict = DateFormats.compile("strict_date_optional_time", Locale.ROOT);

    assertThat(strict.parse("2019-3-1")).isNull();
    assertThat(strict.parse("12019-03-01")).isNull();
    assertThat(DateFormats.compile("date_optional_time", Locale.ROOT).parse("12019-03-01"))
        .isEqualTo(Instant.parse("+12019-03-01T00:00:00Z"));
  }

  @Test
  void patternsUseTheMappingLocale() {
    DateParser german = DateFormats.compile("dd MMMM yyyy", Locale.GERMAN);

    assertThat(german.parse("01 März 2019")).isEqualTo(Instant.parse("2019-03-01T00:00:00Z"));
  }

  @Test
  void invalidPatternIsRejectedWhenCompiled() {
    assertThatThrownBy(() -> DateFormats.compile("strict_date||yyyy-MM-dd{{", Locale.ROOT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'yyyy-MM-dd{{'");
  }

  @Test
  void dateFieldsAreEpochMillisAndDateNanosEpochMicrosTruncatingNanos() {
    DocumentConverter converter =
        new DocumentConverter(
            schema(
                """
                {"at": {"type": "date"}, "precise": {"type": "date_nanos"},
                 "logged": {"type": "date", "format": "dd/MMM/yyyy:HH:mm:ss Z", "locale": "en"},
                 "seconds": {"type": "date", "format": "epoch_second"}}
                """));

    var record =
        converter.convert(
            "i",
            "1",
            json(
                """
                {"at": "2019-03-01T10:15:30.123987Z", "precise": "2019-03-01T10:15:30.123456789Z",
                 "logged": "01/Mar/2019:10:15:30 +0000", "seconds": 1551435330}
                """));

    long expectedSeconds = Instant.parse("2019-03-01T10:15:30Z").getEpochSecond();
    assertThat(record.get("at")).isEqualTo(expectedSeconds * 1_000 + 123);
    assertThat(record.get("precise")).isEqualTo(expectedSeconds * 1_000_000 + 123_456);
    assertThat(record.get("logged")).isEqualTo(expectedSeconds * 1_000);
    assertThat(record.get("seconds")).isEqualTo(expectedSeconds * 1_000);
  }

  @Test
  void dateNanosDefaultFormatTakesEpochMillisWithFraction() {
    DocumentConverter converter = new DocumentConverter(schema("{\"precise\": {\"type\": \"date_nanos\"}}"));

    assertThat(converter.convert("i", "1", json("{\"precise\": 1551435330123.456}")).get("precise"))
        .isEqualTo(Instant.parse("2019-03-01T10:15:30Z").getEpochSecond() * 1_000_000 + 123_456);
  }
}
