package org.esarchiver.sink;

/** A Parquet file of an archive as read back from the filesystem: name within the partition, rows in its footer, bytes. */
public record WrittenFile(String name, long rows, long bytes) {}
