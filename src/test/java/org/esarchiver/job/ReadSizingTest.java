package org.esarchiver.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.esarchiver.config.ScrollOptions.ReadApi;
import org.esarchiver.source.PageTooLargeException;
import org.junit.jupiter.api.Test;

/** How an index's read is sized: slices, documents per page, row group bytes. */
class ReadSizingTest {
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void aScrollGetsOneSlicePerShardAtMostMaxSlices() {
    assertThat(IndexArchiver.sliceCount(1, 4, ReadApi.SCROLL)).isEqualTo(1);
    assertThat(IndexArchiver.sliceCount(3, 4, ReadApi.SCROLL)).isEqualTo(3);
    assertThat(IndexArchiver.sliceCount(12, 4, ReadApi.SCROLL)).isEqualTo(4);
    assertThat(IndexArchiver.sliceCount(12, 1, ReadApi.SCROLL)).isEqualTo(1);
  }

  @Test
  void aPointInTimeAlsoGetsOneSlicePerTwoCores() {
    assertThat(IndexArchiver.sliceCount(1, 64, ReadApi.POINT_IN_TIME)).isEqualTo(Math.max(1, CORES / 2));
    assertThat(IndexArchiver.sliceCount(1, 1, ReadApi.POINT_IN_TIME)).isEqualTo(1);
    assertThat(IndexArchiver.sliceCount(CORES, 64, ReadApi.POINT_IN_TIME)).isEqualTo(CORES);
  }

  @Test
  void pagesHoldTheBatchSizeOrAsManyDocumentsAsFitInEightMegabytes() {
    assertThat(IndexArchiver.pageSize(1000, 700)).isEqualTo(1000);
    assertThat(IndexArchiver.pageSize(1000, 1 << 20)).isEqualTo(8);
    assertThat(IndexArchiver.pageSize(1000, 100L << 20)).as("one document, however large").isEqualTo(1);
    assertThat(IndexArchiver.pageSize(1000, 0)).as("an empty index").isEqualTo(1000);
  }

  @Test
  void aPageTooLargeIsReadAgainInPagesThatWouldHaveMadeEightMegabytesAtMostHalfAsMany() {
    assertThat(IndexArchiver.smallerPageSize("i", 5000, tooLarge(32))).isEqualTo(1250);
    assertThat(IndexArchiver.smallerPageSize("i", 5000, tooLarge(100))).isEqualTo(400);
    assertThat(IndexArchiver.smallerPageSize("i", 5000, tooLarge(16))).as("at most half").isEqualTo(2500);
    assertThat(IndexArchiver.smallerPageSize("i", 3, tooLarge(32))).isEqualTo(1);
    assertThat(IndexArchiver.smallerPageSize("i", 2, tooLarge(16))).isEqualTo(1);
  }

  @Test
  void aSingleDocumentOverThePageLimitFailsTheIndexNamingItAndTheHeap() {
    assertThatThrownBy(() -> IndexArchiver.smallerPageSize("logs-2024.05.01 slice 0", 1, tooLarge(32)))
        .isInstanceOf(ArchiveFailure.class)
        .hasMessageStartingWith("logs-2024.05.01 slice 0: a single document came to more than 32 MB")
        .hasMessageContaining("give the archiver more heap (JAVA_OPTS=-Xmx...)");
  }

  private static PageTooLargeException tooLarge(int limitMegabytes) {
    return new PageTooLargeException("/_search/scroll", (long) limitMegabytes << 20, null);
  }

  @Test
  void rowGroupsOfAllSlicesTakeAtMostAQuarterOfTheHeap() {
    long heap = Runtime.getRuntime().maxMemory();
    assertThat(IndexArchiver.rowGroupBytes(128L << 20, 2)).isEqualTo(Math.max(1L << 20, Math.min(128L << 20, heap / 8)));
    assertThat(IndexArchiver.rowGroupBytes(2L << 20, 1)).isEqualTo(Math.min(2L << 20, Math.max(1L << 20, heap / 4)));
    assertThat(IndexArchiver.rowGroupBytes(128L << 20, 100_000)).as("never below 1 MB").isEqualTo(1L << 20);
  }
}
