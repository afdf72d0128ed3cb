package org.esarchiver.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.esarchiver.config.AgeRule;
import org.esarchiver.source.IndexInfo;
import org.junit.jupiter.api.Test;

class IndexSelectorTest {
  private static final Clock NOON_25TH = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private final IndexSelector selector = new IndexSelector(NOON_25TH);

  private static IndexInfo index(String name) {
    return new IndexInfo(name, "green", "open", 10, 1000, 1);
  }

  @Test
  void archivesIndicesWhoseNameDateIsOlderThanTheRule() {
    AgeRule rule = new AgeRule("yyyy.MM.dd", ZoneId.of("UTC"), Duration.ofDays(3));
    Selection selection = selector.select(rule, List.of(
        index("logs-2026.11.21"), index("logs-2026.11.22"), index("logs-2026.11.23"), index("logs-2026.11.25")));

    assertThat(selection.due()).extracting(Candidate::name).containsExactly("logs-2026.11.21", "logs-2026.11.22");
    assertThat(selection.due().get(0).date()).isEqualTo(LocalDate.of(2026, 11, 21));
    assertThat(selection.due().get(0).reason()).isEqualTo("dated 2026-11-21, 4d 12h old, older than 3d");
    assertThat(selection.skipped()).extracting(Skipped::name).containsExactly("logs-2026.11.23", "logs-2026.11.25");
    assertThat(selection.skipped().get(0).reason()).isEqualTo("dated 2026-11-23, 2d 12h old, not older than 3d");
  }

  @Test
  void readsTheDateInTheRuleTimeZone() {
    // 2026-11-22T00:00 in UTC+14 is 2026-11-21T10:00Z: 4d 2h before noon on the 25th; in UTC it is 3d 12h.
    AgeRule rule = new AgeRule("yyyy.MM.dd", ZoneId.of("Pacific/Kiritimati"), Duration.ofDays(4));
    assertThat(selector.select(rule, List.of(index("logs-2026.11.22"))).due()).hasSize(1);
    AgeRule utc = new AgeRule("yyyy.MM.dd", ZoneId.of("UTC"), Duration.ofDays(4));
    assertThat(selector.select(utc, List.of(index("logs-2026.11.22"))).due()).isEmpty();
  }

  @Test
  void neverSelectsNamesWithoutAValidDate() {
    AgeRule rule = new AgeRule("yyyy.MM.dd", ZoneId.of("UTC"), Duration.ofDays(1));
    Selection selection = selector.select(rule, List.of(
        index("logs-current"), index("logs-2019.02.30"), index("logs-2019-03-01")));

    assertThat(selection.due()).isEmpty();
    assertThat(selection.skipped()).extracting(Skipped::reason)
        .containsOnly("no date matching yyyy.MM.dd in its name");
  }

  @Test
  void skipsClosedIndicesWithAReason() {
    AgeRule rule = new AgeRule("yyyy.MM.dd", ZoneId.of("UTC"), Duration.ofDays(1));
    IndexInfo closed = new IndexInfo("logs-2026.01.01", null, "close", 0, 0, 1);
    Selection selection = selector.select(rule, List.of(closed));
    assertThat(selection.due()).isEmpty();
    assertThat(selection.skipped().get(0).reason()).endsWith("but closed");
  }

  @Test
  void findsTheLastDateInBackingIndexNamesAndMonthlyPatterns() {
    assertThat(new IndexNameDate("yyyy.MM.dd").dateOf(".ds-logs-app-2026.11.20-000003"))
        .contains(LocalDate.of(2026, 11, 20));
    assertThat(new IndexNameDate("yyyy.MM").dateOf("metrics-2026.10")).contains(LocalDate.of(2026, 10, 1));
    assertThat(new IndexNameDate("yyyyMMdd").dateOf("app_20261124")).contains(LocalDate.of(2026, 11, 24));
    assertThat(new IndexNameDate("'week-'yyyy.MM.dd").dateOf("x-week-2026.11.02")).contains(LocalDate.of(2026, 11, 2));
  }
}
