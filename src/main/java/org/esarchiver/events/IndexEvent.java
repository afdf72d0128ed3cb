package org.esarchiver.events;

/** An event about one index in one run; its subject is the index. */
public sealed interface IndexEvent extends ArchiveEvent
    permits IndexArchived, IndexFailed, IndexSkipped, IndexActionApplied {
  String index();

  @Override
  default String subject() {
    return index();
  }
}
