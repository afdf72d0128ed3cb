package org.esarchiver.events;

import java.time.Instant;

/** What the audit topic hears about one index in one run. */
public sealed interface ArchiveEvent permits IndexArchived, IndexFailed, IndexSkipped, IndexActionApplied {
  String job();

  String runId();

  String index();

  Instant time();

  /** The CloudEvents type, e.g. org.esarchiver.index.archived. */
  String type();
}
