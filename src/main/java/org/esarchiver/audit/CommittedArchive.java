package org.esarchiver.audit;

import java.util.Map;

/**
 * A committed archive: what its manifest says (job, index, run, rows, and each listed file with its rows) and what the
 * directory really holds: {@code footerRows} are the row counts in the footers of the Parquet files present (listed or
 * not), {@code unreadableFiles} the Parquet files whose footer could not be read, with the error.
 */
public record CommittedArchive(
    String location,
    String job,
    String index,
    String runId,
    long rows,
    Map<String, Long> listedFiles,
    Map<String, Long> footerRows,
    Map<String, String> unreadableFiles) implements InspectedArchive {

  public CommittedArchive {
    listedFiles = Map.copyOf(listedFiles);
    footerRows = Map.copyOf(footerRows);
    unreadableFiles = Map.copyOf(unreadableFiles);
  }
}
