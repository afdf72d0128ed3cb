package org.esarchiver.selection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.esarchiver.config.AgeRule;
import org.esarchiver.source.ClusterIndices;
import org.esarchiver.source.IndexInfo;

/**
 * Decides, index by index, what a job archives, the way Curator's filters do, and says why for every index its
 * patterns match. In order:
 *
 * <ol>
 *   <li>{@code indices} patterns match index, alias and data stream names (an alias or data stream stands for its
 *       indices); hidden and system indices only count when a pattern names them exactly (or their data stream);
 *   <li>the current write index of a data stream, or of an alias with is_write_index, is never archived;
 *   <li>{@code exclude} patterns match the index name, its aliases and its data stream;
 *   <li>closed and empty indices are skipped unless the job includes them;
 *   <li>the age rule gives the index a date (name, creation date or newest field value); without one it is skipped;
 *   <li>the newest {@code keep_newest} dated indices are kept;
 *   <li>the rest are due when older than {@code older_than}, or, for a backfill, when dated within the range.
 * </ol>
 *
 * <p>An index whose evaluation fails (a field that is not a date, a request that fails) is skipped with the error:
 * one odd index never stops the job.
 */
public final class IndexSelector {
  private final Clock clock;

  public IndexSelector(Clock clock) {
    this.clock = clock;
  }

  private record Match(IndexInfo index, boolean named) {}

  private record Dated(IndexInfo index, Instant instant, LocalDate date) {}

  public Selection select(SelectionRules rules, ClusterIndices cluster, NewestValues newest, Window window) {
    Map<String, Match> matched = match(rules, cluster);
    List<NamePattern> excludes = NamePattern.parseAll(rules.filters().exclude());
    AgeRule age = rules.age();
    IndexNameDate nameDate = age.datePattern().map(IndexNameDate::new).orElse(null);
    List<Skipped> skipped = new ArrayList<>();
    List<Dated> dated = new ArrayList<>();
    for (Match match : matched.values()) {
      IndexInfo index = match.index();
      try {
        Optional<String> filtered = filter(index, match.named(), rules, cluster, excludes, skipped, nameDate);
        if (filtered.isPresent()) {
          continue;
        }
        Optional<Instant> instant = dateOf(index, age, nameDate, newest);
        if (instant.isEmpty()) {
          skipped.add(new Skipped(index, Optional.empty(), age.describe(), noDateReason(index, age)));
          continue;
        }
        dated.add(new Dated(index, instant.get(), instant.get().atZone(age.timeZone()).toLocalDate()));
      } catch (RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        skipped.add(new Skipped(index, Optional.empty(), "error", "cannot be evaluated: " + message));
      }
    }
    List<Candidate> due = new ArrayList<>();
    int keepNewest = rules.filters().keepNewest();
    List<Dated> newestFirst = dated.stream()
        .sorted(Comparator.comparing(Dated::instant).thenComparing(d -> d.index().name()).reversed())
        .toList();
    for (int i = 0; i < newestFirst.size(); i++) {
      Dated d = newestFirst.get(i);
      String dateText = "dated " + d.date();
      if (i < keepNewest) {
        skipped.add(new Skipped(d.index(), Optional.of(d.date()), "keep newest " + keepNewest,
            dateText + ", one of the " + keepNewest + " newest indices, which are kept"));
      } else if (window.isBackfill()) {
        if (window.contains(d.date())) {
          due.add(new Candidate(d.index(), d.date(), "backfill " + window, dateText + ", within " + window));
        } else {
          skipped.add(new Skipped(d.index(), Optional.of(d.date()), "backfill " + window,
              dateText + ", outside " + window));
        }
      } else {
        Duration old = Duration.between(d.instant(), clock.instant());
        String ageText = dateText + ", " + Durations.format(old) + " old";
        if (old.compareTo(age.olderThan()) > 0) {
          due.add(new Candidate(d.index(), d.date(), age.describe(),
              ageText + ", older than " + Durations.format(age.olderThan())));
        } else {
          skipped.add(new Skipped(d.index(), Optional.of(d.date()), age.describe(),
              ageText + ", not older than " + Durations.format(age.olderThan())));
        }
      }
    }
    due.sort(Comparator.comparing(Candidate::name));
    skipped.sort(Comparator.comparing(Skipped::name));
    return new Selection(due, skipped);
  }

  /** Indices matching the include patterns by name, alias or data stream, by name; named when a pattern is exact. */
  private static Map<String, Match> match(SelectionRules rules, ClusterIndices cluster) {
    Map<String, IndexInfo> byName = cluster.byName();
    Map<String, Match> matched = new TreeMap<>();
    for (NamePattern pattern : NamePattern.parseAll(rules.include())) {
      for (IndexInfo index : cluster.indices()) {
        if (pattern.matches(index.name())) {
          offer(matched, index, pattern.literal());
        }
      }
      for (ClusterIndices.Alias alias : cluster.aliases()) {
        if (pattern.matches(alias.name())) {
          alias.indices().stream().map(byName::get).filter(i -> i != null)
              .forEach(index -> offer(matched, index, pattern.literal()));
        }
      }
      for (ClusterIndices.DataStream stream : cluster.dataStreams()) {
        if (pattern.matches(stream.name())) {
          boolean named = pattern.literal() || !stream.hidden();
          stream.backingIndices().stream().map(byName::get).filter(i -> i != null)
              .forEach(index -> offer(matched, index, named));
        }
      }
    }
    return matched;
  }

  private static void offer(Map<String, Match> matched, IndexInfo index, boolean named) {
    matched.merge(index.name(), new Match(index, named),
        (earlier, later) -> earlier.named() ? earlier : later);
  }

  /** Adds the index to {@code skipped} and returns the rule when a filter leaves it out. */
  private static Optional<String> filter(IndexInfo index, boolean named, SelectionRules rules, ClusterIndices cluster,
      List<NamePattern> excludes, List<Skipped> skipped, IndexNameDate nameDate) {
    String rule = null;
    String reason = null;
    Optional<String> writeOf = writeIndexOf(index.name(), cluster);
    Optional<NamePattern> excludedBy = excludes.stream()
        .filter(p -> p.matches(index.name()) || index.dataStream().filter(p::matches).isPresent()
            || index.aliases().stream().anyMatch(p::matches))
        .findFirst();
    if (writeOf.isPresent()) {
      rule = "write index";
      reason = "the current write index of " + writeOf.get() + ": never archived";
    } else if ((index.hidden() || index.system()) && !named) {
      rule = index.system() ? "system index" : "hidden index";
      reason = "a " + rule + ": archived only when indices names it exactly";
    } else if (excludedBy.isPresent()) {
      rule = "exclude " + excludedBy.get();
      reason = "excluded by " + excludedBy.get();
    } else if (index.closed() && !rules.filters().includeClosed()) {
      rule = "closed";
      reason = "closed (include_closed: true archives closed indices)";
    } else if (!index.closed() && index.docCount() == 0 && !rules.filters().includeEmpty()) {
      rule = "empty";
      reason = "empty (include_empty: true archives empty indices)";
    } else if (index.closed() && rules.age().source() == AgeRule.Source.FIELD) {
      rule = rules.age().describe();
      reason = "closed: the newest " + rules.age().field().orElseThrow() + " of a closed index cannot be read";
    }
    if (rule != null) {
      // the date costs nothing for these two sources, and lets plan say whether the index is archived already
      Optional<LocalDate> date = switch (rules.age().source()) {
        case NAME -> nameDate.dateOf(index.name());
        case CREATION_DATE -> index.created().map(c -> c.atZone(rules.age().timeZone()).toLocalDate());
        case FIELD -> Optional.empty();
      };
      skipped.add(new Skipped(index, date, rule, reason));
    }
    return Optional.ofNullable(rule);
  }

  private static Optional<String> writeIndexOf(String name, ClusterIndices cluster) {
    for (ClusterIndices.DataStream stream : cluster.dataStreams()) {
      if (stream.writeIndex().filter(name::equals).isPresent()) {
        return Optional.of("data stream " + stream.name());
      }
    }
    for (ClusterIndices.Alias alias : cluster.aliases()) {
      if (alias.writeIndex().filter(name::equals).isPresent()) {
        return Optional.of("alias " + alias.name());
      }
    }
    return Optional.empty();
  }

  private static Optional<Instant> dateOf(IndexInfo index, AgeRule age, IndexNameDate nameDate, NewestValues newest) {
    return switch (age.source()) {
      case NAME -> nameDate.dateOf(index.name()).map(date -> date.atStartOfDay(age.timeZone()).toInstant());
      case CREATION_DATE -> index.created();
      case FIELD -> newest.newest(index.name(), age.field().orElseThrow());
    };
  }

  private static String noDateReason(IndexInfo index, AgeRule age) {
    return switch (age.source()) {
      case NAME -> "no date matching " + age.datePattern().orElseThrow() + " in its name";
      case CREATION_DATE -> "no creation date";
      case FIELD -> "no document has a value in " + age.field().orElseThrow();
    };
  }
}
