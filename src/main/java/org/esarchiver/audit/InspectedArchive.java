package org.esarchiver.audit;

/** What the archive filesystem holds at one partition directory that has a {@code _manifest.json}. */
public sealed interface InspectedArchive permits CommittedArchive, UnreadableArchive {
  /** The partition directory, as a qualified path (hdfs://namenode:8020/archive/logs/dt=2024-05-17). */
  String location();
}
