package org.esarchiver.audit;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * An {@code org.esarchiver.index.archived} event of the audited job, as read from the audit topic: the archive it
 * announces ({@code path}, the partition directory) and the document count it claims. {@code time} is the CloudEvents
 * time attribute, absent when the producer left it out.
 */
public record ArchivedEvent(String index, String runId, long documents, String path, Optional<Instant> time,
    TopicPosition position) {

  /** Newest last: by event time, then by place on the topic (events of one index share a partition, keyed by index). */
  public static final Comparator<ArchivedEvent> OLDEST_FIRST = Comparator
      .comparing((ArchivedEvent e) -> e.time().orElse(Instant.MIN))
      .thenComparing(ArchivedEvent::position);

  public String describe() {
    return "run " + runId + time.map(t -> ", " + t).orElse("") + ", " + position;
  }
}
