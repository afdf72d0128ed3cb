package org.esarchiver.audit;

import java.util.Locale;

/** The kinds of disagreement between the audit topic and the archive, in the order a report lists them. */
public enum Problem {
  ARCHIVE_WITHOUT_EVENT,
  EVENT_WITHOUT_ARCHIVE,
  COUNT_MISMATCH,
  MISSING_FILE,
  UNLISTED_FILE,
  UNREADABLE_ARCHIVE,
  MALFORMED_EVENT;

  /** "archive without event", as the table shows it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** "archive_without_event", as the JSON report names it. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
