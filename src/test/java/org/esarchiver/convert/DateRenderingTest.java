package org.esarchiver.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dates go back into {@code _source} in the first of the field's formats that shows them exactly. */
class DateRenderingTest {

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          strict_date_optional_time||epoch_millis ; 2019-03-01T10:15:30.123Z    ; "2019-03-01T10:15:30.123Z"
          epoch_millis||strict_date_optional_time ; 2019-03-01T10:15:30.123Z    ; 1551435330123
          epoch_second                            ; 2019-03-01T10:15:30Z        ; 1551435330
          epoch_second                            ; 2019-03-01T10:15:30.250Z    ; 1551435330.25
          epoch_millis                            ; 1969-12-31T23:59:59.999Z    ; -1
          yyyy-MM-dd HH:mm:ss                     ; 2019-03-01T10:15:30Z        ; "2019-03-01 10:15:30"
          yyyy-MM-dd HH:mm:ss||epoch_millis       ; 2019-03-01T10:15:30.123Z    ; 1551435330123
          yyyy-MM-dd HH:mm:ss                     ; 2019-03-01T10:15:30.123Z    ; "2019-03-01T10:15:30.123Z"
          strict_date||epoch_millis               ; 2019-03-01T00:00:00Z        ; "2019-03-01"
          strict_date||epoch_millis               ; 2019-03-01T10:00:00Z        ; 1551434400000
          dd/MMM/yyyy:HH:mm:ss Z                  ; 2019-03-01T10:15:30Z        ; "01/Mar/2019:10:15:30 +0000"
          basic_date_time                         ; 2019-03-01T10:15:30.123Z    ; "2019-03-01T10:15:30.123Z"
          strict_date_optional_time               ; +12019-03-01T00:00:00Z      ; "+12019-03-01T00:00:00Z"
          """)
  void rendersMillisInTheFirstFormatThatShowsThemExactly(String format, String instant, String expected) {
    DateRendering rendering =
        new DateRendering(format, Locale.ENGLISH, DateFormats.compile(format, Locale.ENGLISH), false);

    assertThat(rendering.render(Instant.parse(instant).toEpochMilli()).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          strict_date_optional_time_nanos||epoch_millis ; 2019-03-01T10:15:30.123456Z ; "2019-03-01T10:15:30.123456Z"
          epoch_millis                                  ; 2019-03-01T10:15:30.123456Z ; 1551435330123.456
          epoch_millis                                  ; 2019-03-01T10:15:30.123Z    ; 1551435330123
          """)
  void rendersMicros(String format, String instant, String expected) {
    DateRendering rendering = new DateRendering(format, Locale.ROOT, DateFormats.compile(format, Locale.ROOT), true);
    Instant value = Instant.parse(instant);

    assertThat(rendering.render(value.getEpochSecond() * 1_000_000 + value.getNano() / 1_000).toString())
        .isEqualTo(expected);
  }
}
