package org.esarchiver.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveVerifierTest {

  private static IdChecksum of(String... ids) {
    IdChecksum checksum = new IdChecksum();
    for (String id : ids) {
      checksum.add(id);
    }
    return checksum;
  }

  @Test
  void checksumIgnoresOrderButNotDuplicatesOrSubstitutions() {
    assertThat(of("a", "b", "c")).isEqualTo(of("c", "a", "b"));
    IdChecksum combined = of("a");
    combined.add(of("c", "b"));
    assertThat(combined).isEqualTo(of("a", "b", "c"));
    assertThat(of("a", "a", "c")).as("a duplicate in place of b").isNotEqualTo(of("a", "b", "c"));
    assertThat(of("a", "b", "b", "a")).as("pairs do not cancel out, as with XOR").isNotEqualTo(of());
    assertThat(of("a", "b", "c").value()).startsWith("3:").hasSize(2 + 32);
  }

  @Test
  void anExactArchiveHasNoProblems() {
    Map<String, ArchiveVerifier.FileCheck> files = Map.of(
        "part-s000-a1.parquet", new ArchiveVerifier.FileCheck(2, 2, of("a", "b")),
        "part-s001-a1.parquet", new ArchiveVerifier.FileCheck(1, 1, of("c")));
    assertThat(ArchiveVerifier.problems(3, of("c", "b", "a"), files)).isEmpty();
  }

  @Test
  void reportsDroppedRowsPerFileAndInTotal() {
    Map<String, ArchiveVerifier.FileCheck> files = Map.of(
        "part-s000-a1.parquet", new ArchiveVerifier.FileCheck(2, 1, of("a")),
        "part-s001-a1.parquet", new ArchiveVerifier.FileCheck(1, 1, of("c")));
    List<String> problems = ArchiveVerifier.problems(3, of("a", "b", "c"), files);
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0)).isEqualTo("part-s000-a1.parquet: 2 rows written, its footer declares 1 and 1 _ids"
        + " were read back from it");
    assertThat(problems.get(1)).isEqualTo("the files hold 2 rows, the index 3 documents");
    assertThat(problems.get(2)).startsWith("the _id checksum of the files (2:");
  }

  @Test
  void reportsAnIdThatChangedWithTheCountsIntact() {
    Map<String, ArchiveVerifier.FileCheck> files = Map.of(
        "part-s000-a1.parquet", new ArchiveVerifier.FileCheck(3, 3, of("a", "b", "b")));
    assertThat(ArchiveVerifier.problems(3, of("a", "b", "c"), files)).singleElement()
        .asString().startsWith("the _id checksum of the files");
  }

  @Test
  void reportsDocumentsReadThatDoNotMatchTheIndexCount() {
    Map<String, ArchiveVerifier.FileCheck> files = Map.of(
        "part-s000-a1.parquet", new ArchiveVerifier.FileCheck(2, 2, of("a", "b")));
    assertThat(ArchiveVerifier.problems(3, of("a", "b"), files))
        .contains("the index has 3 documents but 2 were read", "the files hold 2 rows, the index 3 documents");
  }
}
