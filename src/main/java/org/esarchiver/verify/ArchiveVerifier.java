package org.esarchiver.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The last check before an archive is committed: what Elasticsearch holds, what was read, and what the files hold
 * (rows in each footer, _ids read back from each file) must agree exactly. Nothing is committed otherwise.
 */
public final class ArchiveVerifier {
  private ArchiveVerifier() {}

  /** One written file: rows the writer put in, rows its footer declares, and the checksum of the _ids read back. */
  public record FileCheck(long rowsWritten, long footerRows, IdChecksum idsReadBack) {}

  /**
   * Returns the problems found, one line each; empty when the archive is exact.
   *
   * @param sourceCount the index's document count, taken after the write block
   * @param sourceIds the checksum of the _ids read from Elasticsearch (all slices)
   * @param files every Parquet file in staging by name
   */
  public static List<String> problems(long sourceCount, IdChecksum sourceIds, Map<String, FileCheck> files) {
    List<String> problems = new ArrayList<>();
    IdChecksum written = new IdChecksum();
    long footerTotal = 0;
    for (String name : new TreeSet<>(files.keySet())) {
      FileCheck file = files.get(name);
      footerTotal += file.footerRows();
      written.add(file.idsReadBack());
      if (file.footerRows() != file.rowsWritten() || file.idsReadBack().count() != file.footerRows()) {
        problems.add(name + ": " + file.rowsWritten() + " rows written, its footer declares " + file.footerRows()
            + " and " + file.idsReadBack().count() + " _ids were read back from it");
      }
    }
    if (sourceIds.count() != sourceCount) {
      problems.add("the index has " + sourceCount + " documents but " + sourceIds.count() + " were read");
    }
    if (footerTotal != sourceCount) {
      problems.add("the files hold " + footerTotal + " rows, the index " + sourceCount + " documents");
    }
    if (!written.equals(sourceIds)) {
      problems.add("the _id checksum of the files (" + written.value() + ") differs from the one of the documents read"
          + " (" + sourceIds.value() + ")");
    }
    return problems;
  }
}
