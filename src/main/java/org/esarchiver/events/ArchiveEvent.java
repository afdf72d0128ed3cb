package org.esarchiver.events;

import java.time.Instant;

/** What the audit topic hears about a run, or about one index in one run. */
public sealed interface ArchiveEvent permits IndexEvent, RunStarted, RunFinished {
  String job();

  String runId();

  Instant time();

  /** The CloudEvents type, e.g. org.esarchiver.index.archived. */
  String type();

  /** The CloudEvents subject and the Kafka key: the index, or the job for events about a whole run. */
  String subject();

  /** Stable per run, subject and type, so consumers can deduplicate redeliveries. */
  default String id() {
    return runId() + "/" + subject() + "/" + type();
  }
}
