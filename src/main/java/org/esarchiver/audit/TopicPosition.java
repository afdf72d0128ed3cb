package org.esarchiver.audit;

/** Where a record is on the audit topic; within a partition, a higher offset was appended later. */
public record TopicPosition(int partition, long offset) implements Comparable<TopicPosition> {
  @Override
  public int compareTo(TopicPosition other) {
    int byPartition = Integer.compare(partition, other.partition);
    return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
  }

  @Override
  public String toString() {
    return "partition " + partition + " offset " + offset;
  }
}
