package org.esarchiver.job;

import java.util.Optional;

/**
 * How one index fared in a run: one row of the summary table. {@code problem} is set when the index failed, or when it
 * was archived but its audit event could not be delivered; either makes the run exit non-zero.
 */
public record IndexOutcome(
    String index, Status status, long documents, long bytes, int files, double seconds, String path,
    Optional<String> note, Optional<String> problem) {

  public enum Status { ARCHIVED, SKIPPED, FAILED, WOULD_ARCHIVE }

  public static IndexOutcome archived(String index, String path, long documents, long bytes, int files, double seconds) {
    return new IndexOutcome(index, Status.ARCHIVED, documents, bytes, files, seconds, path, Optional.empty(),
        Optional.empty());
  }

  public static IndexOutcome skipped(String index, String path, String reason) {
    return new IndexOutcome(index, Status.SKIPPED, 0, 0, 0, 0, path, Optional.of(reason), Optional.empty());
  }

  public static IndexOutcome wouldArchive(String index, String path, long documents) {
    return new IndexOutcome(index, Status.WOULD_ARCHIVE, documents, 0, 0, 0, path, Optional.empty(), Optional.empty());
  }

  public static IndexOutcome failed(String index, String path, double seconds, String error) {
    return new IndexOutcome(index, Status.FAILED, 0, 0, 0, seconds, path, Optional.empty(), Optional.of(error));
  }

  public IndexOutcome withNote(String text) {
    return new IndexOutcome(index, status, documents, bytes, files, seconds, path,
        Optional.of(note.map(n -> n + "; ").orElse("") + text), problem);
  }

  public IndexOutcome withProblem(String text) {
    return new IndexOutcome(index, status, documents, bytes, files, seconds, path, note,
        Optional.of(problem.map(p -> p + "; ").orElse("") + text));
  }

  public boolean ok() {
    return problem.isEmpty();
  }
}
