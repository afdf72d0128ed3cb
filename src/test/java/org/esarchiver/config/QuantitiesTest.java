package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

  @Test
  void parsesShortAndIsoDurations() {
    assertThat(Quantities.parseDuration("250ms")).contains(Duration.ofMillis(250));
    assertThat(Quantities.parseDuration("30s")).contains(Duration.ofSeconds(30));
    assertThat(Quantities.parseDuration("5m")).contains(Duration.ofMinutes(5));
    assertThat(Quantities.parseDuration("12h")).contains(Duration.ofHours(12));
    assertThat(Quantities.parseDuration(" 7d ")).contains(Duration.ofDays(7));
    assertThat(Quantities.parseDuration("PT5M")).contains(Duration.ofMinutes(5));
    assertThat(Quantities.parseDuration("P7D")).contains(Duration.ofDays(7));
    assertThat(Quantities.parseDuration("pt1h30m")).contains(Duration.ofMinutes(90));
  }

  @Test
  void rejectsOtherDurations() {
    assertThat(Quantities.parseDuration("7")).isEmpty();
    assertThat(Quantities.parseDuration("7 days")).isEmpty();
    assertThat(Quantities.parseDuration("1w")).isEmpty();
    assertThat(Quantities.parseDuration("-5m")).isEmpty();
    assertThat(Quantities.parseDuration("P1M")).isEmpty();
    assertThat(Quantities.parseDuration("99999999999999999999d")).isEmpty();
  }

  @Test
  void formatsDurationsInTheLargestExactUnit() {
    assertThat(Quantities.format(Duration.ofSeconds(1))).isEqualTo("1s");
    assertThat(Quantities.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Quantities.format(Duration.ofDays(2))).isEqualTo("2d");
    assertThat(Quantities.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void parsesByteSizesWith1024BasedUnits() {
    assertThat(Quantities.parseBytes("512")).contains(512L);
    assertThat(Quantities.parseBytes("512B")).contains(512L);
    assertThat(Quantities.parseBytes("64kb")).contains(64L * 1024);
    assertThat(Quantities.parseBytes("128MB")).contains(128L * 1024 * 1024);
    assertThat(Quantities.parseBytes("1 GB")).contains(1024L * 1024 * 1024);
    assertThat(Quantities.parseBytes("1.5GB")).isEmpty();
    assertThat(Quantities.parseBytes("1TB")).isEmpty();
    assertThat(Quantities.parseBytes("99999999999GB")).isEmpty();
    assertThat(Quantities.formatBytes(1L << 20)).isEqualTo("1MB");
  }
}
