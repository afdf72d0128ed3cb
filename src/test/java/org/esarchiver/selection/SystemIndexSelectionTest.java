package org.esarchiver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.esarchiver.config.AgeRule;
import org.esarchiver.config.IndexFilters;
import org.esarchiver.source.ClusterIndices;
import org.esarchiver.source.IndexInfo;
import org.junit.jupiter.api.Test;

/**
 * Patterns that match nothing, and patterns that reach system and hidden indices (.security, .kibana*, .tasks): such an
 * index is selected only when a pattern names it, or an alias or data stream of it, literally.
 */
class SystemIndexSelectionTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  /** Every index was created long ago: the age rule never stands in the way. */
  private static final AgeRule BY_CREATION = new AgeRule(AgeRule.Source.CREATION_DATE, Optional.empty(),
      Optional.empty(), ZoneId.of("UTC"), Duration.ofDays(1));

  private static final IndexInfo SECURITY = system(".security-7", List.of(".security"));
  private static final IndexInfo KIBANA = system(".kibana_8.19.7_001", List.of(".kibana", ".kibana_8.19.7"));
  private static final IndexInfo KIBANA_TASKS = system(".kibana_task_manager_8.19.7_001",
      List.of(".kibana_task_manager"));
  private static final IndexInfo TASKS = system(".tasks", List.of());
  private static final IndexInfo HIDDEN = new IndexInfo(".hidden-logs-2026.01.01", "green", "open", 10, 10, 1,
      Optional.of(Instant.parse("2026-01-01T00:00:00Z")), true, false, Optional.empty(), List.of());
  private static final IndexInfo LOGS = new IndexInfo("logs-2026.01.01", "green", "open", 10, 10, 1,
      Optional.of(Instant.parse("2026-01-01T00:00:00Z")), false, false, Optional.empty(), List.of());
  private static final ClusterIndices CLUSTER = new ClusterIndices(List.of(SECURITY, KIBANA, KIBANA_TASKS, TASKS,
      HIDDEN, LOGS), List.of(
          new ClusterIndices.Alias(".security", List.of(".security-7"), Optional.empty()),
          new ClusterIndices.Alias(".kibana", List.of(".kibana_8.19.7_001"), Optional.empty()),
          new ClusterIndices.Alias(".kibana_8.19.7", List.of(".kibana_8.19.7_001"), Optional.empty()),
          new ClusterIndices.Alias(".kibana_task_manager", List.of(".kibana_task_manager_8.19.7_001"),
              Optional.empty())),
      List.of());

  @Test
  void wildcardsAndRegularExpressionsNeverSelectSystemOrHiddenIndices() {
    for (List<String> patterns : List.of(List.of("*"), List.of(".*"), List.of(".kibana*"), List.of(".security*"),
        List.of(".tasks*", "*tasks"), List.of("/kibana/", "/^\\.security/", "/^\\.tasks$/"), List.of("/.*/"),
        List.of("*", ".hidden-*"))) {
      Selection selection = select(patterns);

      assertThat(selection.due()).as("due for %s", patterns).extracting(Candidate::name)
          .isSubsetOf(LOGS.name());
      for (Skipped skipped : selection.skipped()) {
        assertThat(skipped.rule()).as("%s for %s", skipped.name(), patterns).isIn("system index", "hidden index");
        assertThat(skipped.reason()).endsWith(": archived only when indices names it exactly");
      }
    }
    assertThat(select(List.of("*")).skipped()).extracting(Skipped::name)
        .containsExactly(".hidden-logs-2026.01.01", ".kibana_8.19.7_001", ".kibana_task_manager_8.19.7_001",
            ".security-7", ".tasks");
    assertThat(select(List.of(".kibana*")).skipped()).extracting(Skipped::name, Skipped::rule)
        .containsExactly(tuple(".kibana_8.19.7_001", "system index"),
            tuple(".kibana_task_manager_8.19.7_001", "system index"));
  }

  @Test
  void aSystemOrHiddenIndexIsSelectedWhenItsNameOrAliasIsGivenExactly() {
    assertThat(select(List.of(".tasks")).due()).extracting(Candidate::name).containsExactly(".tasks");
    assertThat(select(List.of(".security-7")).due()).extracting(Candidate::name).containsExactly(".security-7");
    assertThat(select(List.of(".security")).due()).as("the alias, named exactly").extracting(Candidate::name)
        .containsExactly(".security-7");
    assertThat(select(List.of(".hidden-logs-2026.01.01")).due()).extracting(Candidate::name)
        .containsExactly(".hidden-logs-2026.01.01");
    // Named exactly by one pattern, it is selected even when a wildcard also reaches it.
    assertThat(select(List.of("*", ".kibana")).due()).extracting(Candidate::name)
        .containsExactly(".kibana_8.19.7_001", "logs-2026.01.01");
  }

  @Test
  void anExcludeStillWinsOverAnExactName() {
    Selection selection = select(new SelectionRules(List.of(".tasks", ".security"),
        new IndexFilters(List.of(".security*"), false, false, 0), BY_CREATION));

    assertThat(selection.due()).extracting(Candidate::name).containsExactly(".tasks");
    assertThat(selection.skipped()).extracting(Skipped::name, Skipped::rule)
        .containsExactly(tuple(".security-7", "exclude .security*"));
  }

  @Test
  void patternsThatMatchNothingSelectNothingAndSkipNothing() {
    for (List<String> patterns : List.of(List.of("nothing-*"), List.of("logs-2026.01.02"), List.of("/^nope$/"),
        List.of(".kibana_1"), List.of("security"), List.of("LOGS-*"))) {
      Selection selection = select(patterns);

      assertThat(selection.due()).as("due for %s", patterns).isEmpty();
      assertThat(selection.skipped()).as("skipped for %s", patterns).isEmpty();
    }
  }

  private static Selection select(List<String> patterns) {
    return select(new SelectionRules(patterns, IndexFilters.DEFAULT, BY_CREATION));
  }

  private static Selection select(SelectionRules rules) {
    return new IndexSelector(NOW).select(rules, CLUSTER, (index, field) -> Optional.empty(), Window.BY_AGE);
  }

  private static IndexInfo system(String name, List<String> aliases) {
    return new IndexInfo(name, "green", "open", 10, 10, 1, Optional.of(Instant.parse("2026-01-01T00:00:00Z")), true,
        true, Optional.empty(), aliases);
  }
}
