package org.esarchiver.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The Parquet files one read of a slice streams into: {@code part-s000-a1.parquet}, then, each time a file reaches
 * the job's target size, {@code part-s000-a1-f2.parquet}, {@code -f3}, ... The size checked is the writer's own
 * estimate (bytes written plus the row group buffered in memory, uncompressed), so files end up at about the target
 * or a little under. Not thread-safe: one slice, one thread.
 */
public final class SliceFileWriter implements AutoCloseable {
  private static final long MAX_ROWS_BETWEEN_SIZE_CHECKS = 1_000;

  /** Creates the Parquet writer of one file. */
  @FunctionalInterface
  interface FileOpener {
    ArchiveFileWriter open(Path path) throws IOException;
  }

  private final FileSystem fs;
  private final Path directory;
  private final String baseName;
  private final long targetBytes;
  private final FileOpener opener;
  private final Map<String, Long> rowsByFile = new LinkedHashMap<>();
  private final List<Path> paths = new ArrayList<>();
  private ArchiveFileWriter current;
  private Path currentPath;
  private long rows;
  private long rowsInCurrent;
  private long nextSizeCheck;
  private boolean closed;

  SliceFileWriter(FileSystem fs, Path directory, String baseName, long targetBytes, FileOpener opener) {
    this.fs = fs;
    this.directory = directory;
    this.baseName = baseName;
    this.targetBytes = targetBytes;
    this.opener = opener;
    openNext(); // every slice has at least one file, so even an empty index has its schema in a file
  }

  public void write(GenericRecord record) {
    if (current == null) {
      openNext();
    }
    try {
      current.write(record);
    } catch (IOException e) {
      throw new SinkException("cannot write " + currentPath + ": " + e.getMessage(), e);
    }
    rows++;
    if (++rowsInCurrent >= nextSizeCheck) {
      checkSize();
    }
  }

  public long rows() {
    return rows;
  }

  /** Rows written into each file, by file name, in the order the files were started. */
  public Map<String, Long> rowsByFile() {
    if (current != null) {
      rowsByFile.put(currentPath.getName(), rowsInCurrent);
    }
    return Collections.unmodifiableMap(rowsByFile);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeCurrent();
    }
  }

  /** Abandons every file of this read: a slice that is read again starts fresh ones, so no row is written twice. */
  public void discard() {
    try {
      close();
    } catch (RuntimeException ignored) {
      // the files are deleted next; a failed close only means one was already broken
    }
    for (Path path : paths) {
      try {
        fs.delete(path, false);
      } catch (IOException e) {
        throw new SinkException("cannot delete abandoned file " + path + ": " + e.getMessage(), e);
      }
    }
    rowsByFile.clear();
  }

  /**
   * Rolls the file once it reached the target size. The writer's size estimate walks every column, so it is asked
   * again only after half the rows that would fill the file at the average row size so far (at most 1,000 rows on).
   */
  private void checkSize() {
    long size = current.dataSize();
    if (size >= targetBytes) {
      closeCurrent();
      return;
    }
    long averageRow = Math.max(1, size / rowsInCurrent);
    nextSizeCheck = rowsInCurrent + Math.max(1, Math.min(MAX_ROWS_BETWEEN_SIZE_CHECKS,
        (targetBytes - size) / averageRow / 2));
  }

  private void openNext() {
    int number = paths.size() + 1;
    Path path = new Path(directory, baseName + (number == 1 ? "" : "-f" + number) + ".parquet");
    try {
      current = opener.open(path);
    } catch (IOException e) {
      throw new SinkException("cannot create " + path + ": " + e.getMessage(), e);
    }
    currentPath = path;
    paths.add(path);
    rowsByFile.put(path.getName(), 0L);
    rowsInCurrent = 0;
    nextSizeCheck = 1;
  }

  private void closeCurrent() {
    if (current == null) {
      return;
    }
    ArchiveFileWriter writer = current;
    current = null;
    rowsByFile.put(currentPath.getName(), rowsInCurrent);
    try {
      writer.close();
    } catch (IOException e) {
      throw new SinkException("cannot finish " + currentPath + ": " + e.getMessage(), e);
    }
  }
}
