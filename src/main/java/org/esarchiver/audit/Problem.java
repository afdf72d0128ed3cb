package org.esarchiver.audit;

import java.util.Locale;

/** The kinds of disagreement between the audit topic and the archive, in the order a report lists them. */
public enum Problem {
  ARCHIVE_WITHOUT_EVENT("archives without event"),
  EVENT_WITHOUT_ARCHIVE("events without archive"),
  COUNT_MISMATCH("count mismatches"),
  MISSING_FILE("missing files"),
  UNLISTED_FILE("unlisted files"),
  UNREADABLE_ARCHIVE("unreadable archives"),
  MALFORMED_EVENT("malformed events");

  private final String plural;

  Problem(String plural) {
    this.plural = plural;
  }

  /** "1 archive without event", "2 archives without event". */
  public String count(long n) {
    return n + " " + (n == 1 ? label() : plural);
  }

  /** "archive without event", as the table shows it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** "archive_without_event", as the JSON report names it. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
