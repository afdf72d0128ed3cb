package org.esarchiver.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When an index is due: the date the rule reads for it is older than {@code olderThan}. The date comes from
 * {@code source}: the index name (found with {@code datePattern}, a java.time pattern such as yyyy.MM.dd, read in
 * {@code timeZone}), the index's creation date, or the newest value of a date {@code field} (e.g. @timestamp). The
 * same date, as a day in {@code timeZone}, fills {destination}'s {date} and is what backfill ranges compare.
 */
public record AgeRule(Source source, Optional<String> datePattern, Optional<String> field, ZoneId timeZone,
    Duration olderThan) {

  /** Where an index's date comes from. */
  public enum Source {
    NAME("name"), CREATION_DATE("creation_date"), FIELD("field");

    private final String configName;

    Source(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  public AgeRule {
    if (source == Source.NAME && datePattern.isEmpty()) {
      throw new IllegalArgumentException("a name-date rule needs a date pattern");
    }
    if (source == Source.FIELD && field.isEmpty()) {
      throw new IllegalArgumentException("a field rule needs a field");
    }
  }

  /** The date in the index name, read with {@code datePattern}. */
  public AgeRule(String datePattern, ZoneId timeZone, Duration olderThan) {
    this(Source.NAME, Optional.of(datePattern), Optional.empty(), timeZone, olderThan);
  }

  public static AgeRule creationDate(ZoneId timeZone, Duration olderThan) {
    return new AgeRule(Source.CREATION_DATE, Optional.empty(), Optional.empty(), timeZone, olderThan);
  }

  public static AgeRule newestValue(String field, ZoneId timeZone, Duration olderThan) {
    return new AgeRule(Source.FIELD, Optional.empty(), Optional.of(field), timeZone, olderThan);
  }

  /** "name date yyyy.MM.dd", "creation date", "newest @timestamp": how plan names the rule. */
  public String describe() {
    return switch (source) {
      case NAME -> "name date " + datePattern.orElseThrow();
      case CREATION_DATE -> "creation date";
      case FIELD -> "newest " + field.orElseThrow();
    };
  }
}
