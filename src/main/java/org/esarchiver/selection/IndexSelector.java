package org.esarchiver.selection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.esarchiver.config.AgeRule;
import org.esarchiver.source.IndexInfo;

/**
 * Applies a job's age rule: an index is due when the date in its name (the start of its period, in the rule's time
 * zone) is older than {@code older_than}. Closed indices and names without a date are skipped with a reason.
 */
public final class IndexSelector {
  private final Clock clock;

  public IndexSelector(Clock clock) {
    this.clock = clock;
  }

  public Selection select(AgeRule rule, List<IndexInfo> indices) {
    IndexNameDate nameDate = new IndexNameDate(rule.datePattern());
    Instant now = clock.instant();
    List<Candidate> due = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (IndexInfo index : indices) {
      Optional<LocalDate> date = nameDate.dateOf(index.name());
      if (date.isEmpty()) {
        skipped.add(new Skipped(index, date, "no date matching " + rule.datePattern() + " in its name"));
        continue;
      }
      Duration age = Duration.between(date.get().atStartOfDay(rule.timeZone()).toInstant(), now);
      String ageText = "dated " + date.get() + ", " + Durations.format(age) + " old";
      if (age.compareTo(rule.olderThan()) <= 0) {
        skipped.add(new Skipped(index, date, ageText + ", not older than " + Durations.format(rule.olderThan())));
      } else if ("close".equals(index.status())) {
        skipped.add(new Skipped(index, date, ageText + ", but closed"));
      } else {
        due.add(new Candidate(index, date.get(), ageText + ", older than " + Durations.format(rule.olderThan())));
      }
    }
    return new Selection(due, skipped);
  }
}
