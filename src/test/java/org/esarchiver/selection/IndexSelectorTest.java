package org.esarchiver.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.esarchiver.config.AgeRule;
import org.esarchiver.config.IndexFilters;
import org.esarchiver.source.ClusterIndices;
import org.esarchiver.source.IndexInfo;
import org.junit.jupiter.api.Test;

class IndexSelectorTest {
  private static final Clock NOON_25TH = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private static final ZoneId UTC = ZoneId.of("UTC");
  private final IndexSelector selector = new IndexSelector(NOON_25TH);

  private static IndexInfo index(String name) {
    return new IndexInfo(name, "green", "open", 10, 1000, 1);
  }

  private static IndexInfo created(String name, String instant) {
    return new IndexInfo(name, "green", "open", 10, 1000, 1, Optional.of(Instant.parse(instant)), false, false,
        Optional.empty(), List.of());
  }

  private Selection select(AgeRule rule, IndexInfo... indices) {
    return select(new SelectionRules(List.of("*"), IndexFilters.DEFAULT, rule),
        new ClusterIndices(List.of(indices), List.of(), List.of()));
  }

  private Selection select(SelectionRules rules, ClusterIndices cluster) {
    return selector.select(rules, cluster, (index, field) -> Optional.empty(), Window.BY_AGE);
  }

  private static SelectionRules rules(List<String> include, IndexFilters filters) {
    return new SelectionRules(include, filters, new AgeRule("yyyy.MM.dd", UTC, Duration.ofDays(1)));
  }

  private static String reasonOf(Selection selection, String index) {
    return selection.skipped().stream().filter(s -> s.name().equals(index)).findFirst().orElseThrow().reason();
  }

  @Test
  void archivesIndicesWhoseNameDateIsOlderThanTheRule() {
    AgeRule rule = new AgeRule("yyyy.MM.dd", UTC, Duration.ofDays(3));
    Selection selection = select(rule,
        index("logs-2026.11.21"), index("logs-2026.11.22"), index("logs-2026.11.23"), index("logs-2026.11.25"));

    assertThat(selection.due()).extracting(Candidate::name).containsExactly("logs-2026.11.21", "logs-2026.11.22");
    assertThat(selection.due().get(0).date()).isEqualTo(LocalDate.of(2026, 11, 21));
    assertThat(selection.due().get(0).rule()).isEqualTo("name date yyyy.MM.dd");
    assertThat(selection.due().get(0).reason()).isEqualTo("dated 2026-11-21, 4d 12h old, older than 3d");
    assertThat(selection.skipped()).extracting(Skipped::name).containsExactly("logs-2026.11.23", "logs-2026.11.25");
    assertThat(selection.skipped().get(0).reason()).isEqualTo("dated 2026-11-23, 2d 12h old, not older than 3d");
  }

  @Test
  void readsTheDateInTheRuleTimeZone() {
    // 2026-11-22T00:00 in UTC+14 is 2026-11-21T10:00Z: 4d 2h before noon on the 25th; in UTC it is 3d 12h.
    AgeRule rule = new AgeRule("yyyy.MM.dd", ZoneId.of("Pacific/Kiritimati"), Duration.ofDays(4));
    assertThat(select(rule, index("logs-2026.11.22")).due()).hasSize(1);
    AgeRule utc = new AgeRule("yyyy.MM.dd", UTC, Duration.ofDays(4));
    assertThat(select(utc, index("logs-2026.11.22")).due()).isEmpty();
  }

  @Test
  void neverSelectsNamesWithoutAValidDate() {
    AgeRule rule = new AgeRule("yyyy.MM.dd", UTC, Duration.ofDays(1));
    Selection selection = select(rule, index("logs-current"), index("logs-2019.02.30"), index("logs-2019-03-01"));

    assertThat(selection.due()).isEmpty();
    assertThat(selection.skipped()).extracting(Skipped::reason)
        .containsOnly("no date matching yyyy.MM.dd in its name");
  }

  @Test
  void skipsClosedAndEmptyIndicesUnlessAsked() {
    AgeRule rule = new AgeRule("yyyy.MM.dd", UTC, Duration.ofDays(1));
    IndexInfo closed = new IndexInfo("logs-2026.01.01", null, "close", 0, 0, 1);
    IndexInfo empty = new IndexInfo("logs-2026.01.02", "green", "open", 0, 200, 1);
    ClusterIndices cluster = new ClusterIndices(List.of(closed, empty), List.of(), List.of());

    Selection selection = select(new SelectionRules(List.of("logs-*"), IndexFilters.DEFAULT, rule), cluster);
    assertThat(selection.due()).isEmpty();
    assertThat(reasonOf(selection, "logs-2026.01.01")).startsWith("closed");
    assertThat(reasonOf(selection, "logs-2026.01.02")).startsWith("empty");

    Selection asked = select(new SelectionRules(List.of("logs-*"), new IndexFilters(List.of(), true, true, 0), rule),
        cluster);
    assertThat(asked.due()).extracting(Candidate::name).containsExactly("logs-2026.01.01", "logs-2026.01.02");
  }

  @Test
  void includesAndExcludesByWildcardAndRegularExpression() {
    ClusterIndices cluster = new ClusterIndices(List.of(index("app-2026.01.01"), index("app-debug-2026.01.01"),
        index("app-2026.01.02"), index("web-2026.01.01"), index("web-test-7-2026.01.01"), index("other-2026.01.01")),
        List.of(), List.of());
    Selection selection = select(rules(List.of("app-*", "/^web-/"),
        new IndexFilters(List.of("*-debug-*", "/-test-\\d+-/", "app-2026.01.02"), false, false, 0)), cluster);

    assertThat(selection.due()).extracting(Candidate::name).containsExactly("app-2026.01.01", "web-2026.01.01");
    assertThat(selection.skipped()).extracting(Skipped::name, Skipped::rule).containsExactly(
        org.assertj.core.groups.Tuple.tuple("app-2026.01.02", "exclude app-2026.01.02"),
        org.assertj.core.groups.Tuple.tuple("app-debug-2026.01.01", "exclude *-debug-*"),
        org.assertj.core.groups.Tuple.tuple("web-test-7-2026.01.01", "exclude /-test-\\d+-/"));
  }

  @Test
  void dataStreamsStandForTheirBackingIndicesButNeverTheWriteIndex() {
    IndexInfo first = hidden(".ds-logs-app-2026.11.01-000001", "logs-app");
    IndexInfo second = hidden(".ds-logs-app-2026.11.10-000002", "logs-app");
    IndexInfo current = hidden(".ds-logs-app-2026.11.20-000003", "logs-app");
    ClusterIndices cluster = new ClusterIndices(List.of(first, second, current), List.of(),
        List.of(new ClusterIndices.DataStream("logs-app", List.of(first.name(), second.name(), current.name()))));

    Selection selection = select(rules(List.of("logs-*"), IndexFilters.DEFAULT), cluster);

    assertThat(selection.due()).extracting(Candidate::name).containsExactly(first.name(), second.name());
    assertThat(reasonOf(selection, current.name())).contains("write index of data stream logs-app");
    assertThat(select(rules(List.of("*"), IndexFilters.DEFAULT), cluster).due()).hasSize(2);
    assertThat(select(rules(List.of("logs-*"), new IndexFilters(List.of("logs-app"), false, false, 0)), cluster)
        .due()).isEmpty();
  }

  @Test
  void hiddenAndSystemIndicesOnlyWhenNamed() {
    IndexInfo hidden = new IndexInfo(".audit-2026.01.01", "green", "open", 10, 10, 1, Optional.empty(), true, false,
        Optional.empty(), List.of());
    IndexInfo system = new IndexInfo(".tasks-2026.01.01", "green", "open", 10, 10, 1, Optional.empty(), true, true,
        Optional.empty(), List.of());
    ClusterIndices cluster = new ClusterIndices(List.of(hidden, system), List.of(), List.of());

    Selection byWildcard = select(rules(List.of("*", "/audit/"), IndexFilters.DEFAULT), cluster);
    assertThat(byWildcard.due()).isEmpty();
    assertThat(reasonOf(byWildcard, ".tasks-2026.01.01")).startsWith("a system index");

    assertThat(select(rules(List.of(".audit-2026.01.01"), IndexFilters.DEFAULT), cluster).due())
        .extracting(Candidate::name).containsExactly(".audit-2026.01.01");
  }

  @Test
  void aliasesStandForTheirIndicesButNeverTheirWriteIndex() {
    ClusterIndices cluster = new ClusterIndices(
        List.of(index("a-2026.01.01"), index("b-2026.01.02"), index("c-2026.01.03")),
        List.of(new ClusterIndices.Alias("all-logs", List.of("a-2026.01.01", "b-2026.01.02", "c-2026.01.03"),
            Optional.of("c-2026.01.03"))),
        List.of());

    Selection selection = select(rules(List.of("all-logs"), IndexFilters.DEFAULT), cluster);

    assertThat(selection.due()).extracting(Candidate::name).containsExactly("a-2026.01.01", "b-2026.01.02");
    assertThat(reasonOf(selection, "c-2026.01.03")).contains("write index of alias all-logs");
  }

  @Test
  void keepsTheNewestNIndices() {
    ClusterIndices cluster = new ClusterIndices(List.of(index("l-2026.01.01"), index("l-2026.01.02"),
        index("l-2026.01.03"), index("l-2026.01.04"), index("l-nodate")), List.of(), List.of());

    Selection selection = select(rules(List.of("l-*"), new IndexFilters(List.of(), false, false, 2)), cluster);

    assertThat(selection.due()).extracting(Candidate::name).containsExactly("l-2026.01.01", "l-2026.01.02");
    assertThat(reasonOf(selection, "l-2026.01.04")).contains("one of the 2 newest");
    assertThat(reasonOf(selection, "l-2026.01.03")).contains("one of the 2 newest");
  }

  @Test
  void datesByCreationDateInTheRuleTimeZone() {
    AgeRule rule = AgeRule.creationDate(ZoneId.of("Asia/Tokyo"), Duration.ofDays(2));
    Selection selection = select(rule, created("events", "2026-11-22T20:00:00Z"),
        created("recent", "2026-11-24T00:00:00Z"), index("unknown"));

    assertThat(selection.due()).singleElement().satisfies(candidate -> {
      assertThat(candidate.name()).isEqualTo("events");
      assertThat(candidate.date()).as("the day in Tokyo").isEqualTo(LocalDate.of(2026, 11, 23));
      assertThat(candidate.rule()).isEqualTo("creation date");
    });
    assertThat(reasonOf(selection, "recent")).contains("not older than 2d");
    assertThat(reasonOf(selection, "unknown")).isEqualTo("no creation date");
  }

  @Test
  void datesByTheNewestFieldValueAndSkipsWhatCannotBeRead() {
    AgeRule rule = AgeRule.newestValue("@timestamp", UTC, Duration.ofDays(7));
    Map<String, Instant> newest = Map.of("old", Instant.parse("2026-11-01T10:00:00Z"),
        "fresh", Instant.parse("2026-11-24T10:00:00Z"));
    ClusterIndices cluster = new ClusterIndices(List.of(index("old"), index("fresh"), index("novalues"),
        index("broken")), List.of(), List.of());

    Selection selection = selector.select(new SelectionRules(List.of("*"), IndexFilters.DEFAULT, rule), cluster,
        (index, field) -> {
          if (index.equals("broken")) {
            throw new IllegalStateException("field @timestamp of broken is not a date field");
          }
          return Optional.ofNullable(newest.get(index));
        }, Window.BY_AGE);

    assertThat(selection.due()).extracting(Candidate::name).containsExactly("old");
    assertThat(selection.due().get(0).rule()).isEqualTo("newest @timestamp");
    assertThat(reasonOf(selection, "novalues")).isEqualTo("no document has a value in @timestamp");
    assertThat(reasonOf(selection, "broken")).isEqualTo("cannot be evaluated: field @timestamp of broken is not a "
        + "date field");
  }

  @Test
  void backfillTakesTheRangeWhateverTheAge() {
    ClusterIndices cluster = new ClusterIndices(List.of(index("l-2026.10.31"), index("l-2026.11.01"),
        index("l-2026.11.24"), index("l-2026.11.25"), index("l-2026.11.26")), List.of(), List.of());
    Selection selection = selector.select(rules(List.of("l-*"), IndexFilters.DEFAULT), cluster,
        (index, field) -> Optional.empty(), Window.backfill(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 25)));

    assertThat(selection.due()).extracting(Candidate::name)
        .containsExactly("l-2026.11.01", "l-2026.11.24", "l-2026.11.25");
    assertThat(reasonOf(selection, "l-2026.10.31")).isEqualTo("dated 2026-10-31, outside 2026-11-01..2026-11-25");
  }

  @Test
  void findsTheLastDateInBackingIndexNamesAndMonthlyPatterns() {
    assertThat(new IndexNameDate("yyyy.MM.dd").dateOf(".ds-logs-app-2026.11.20-000003"))
        .contains(LocalDate.of(2026, 11, 20));
    assertThat(new IndexNameDate("yyyy.MM").dateOf("metrics-2026.10")).contains(LocalDate.of(2026, 10, 1));
    assertThat(new IndexNameDate("yyyyMMdd").dateOf("app_20261124")).contains(LocalDate.of(2026, 11, 24));
    assertThat(new IndexNameDate("'week-'yyyy.MM.dd").dateOf("x-week-2026.11.02")).contains(LocalDate.of(2026, 11, 2));
  }

  @Test
  void patternsMatchLikeElasticsearchAndCurator() {
    assertThat(NamePattern.parse("logs-*").matches("logs-2026.01.01")).isTrue();
    assertThat(NamePattern.parse("logs-*").matches("xlogs-2026")).isFalse();
    assertThat(NamePattern.parse("*-access").matches("nginx-1-access")).isTrue();
    assertThat(NamePattern.parse("logs.a").matches("logsXa")).as("dots are literal").isFalse();
    assertThat(NamePattern.parse("/debug/").matches("app-debug-1")).as("regex found anywhere").isTrue();
    assertThat(NamePattern.parse("/^debug$/").matches("app-debug-1")).isFalse();
  }

  private static IndexInfo hidden(String name, String dataStream) {
    return new IndexInfo(name, "green", "open", 10, 1000, 1, Optional.empty(), true, false, Optional.of(dataStream),
        List.of());
  }
}
