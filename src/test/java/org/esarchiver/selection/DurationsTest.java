package org.esarchiver.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void showsTheTwoLargestUnitsAndMillisecondsUnderAMinute() {
    assertThat(Durations.format(Duration.ofDays(3).plusHours(4).plusMinutes(5))).isEqualTo("3d 4h");
    assertThat(Durations.format(Duration.ofMinutes(45))).isEqualTo("45m");
    assertThat(Durations.format(Duration.ofMinutes(2).plusSeconds(5).plusMillis(300))).isEqualTo("2m 5s");
    assertThat(Durations.format(Duration.ofSeconds(12))).isEqualTo("12s");
    assertThat(Durations.format(Duration.ofSeconds(12).plusNanos(999_999))).isEqualTo("12s");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofMillis(100))).as("a grace of 100ms is not 0 s").isEqualTo("0.1s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.format(Duration.ofMillis(-100))).isEqualTo("-0.1s");
  }
}
