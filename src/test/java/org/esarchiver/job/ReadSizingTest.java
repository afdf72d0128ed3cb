package org.esarchiver.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.esarchiver.config.ScrollOptions.ReadApi;
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
  void rowGroupsOfAllSlicesTakeAtMostAQuarterOfTheHeap() {
    long heap = Runtime.getRuntime().maxMemory();
    assertThat(IndexArchiver.rowGroupBytes(128L << 20, 2)).isEqualTo(Math.max(1L << 20, Math.min(128L << 20, heap / 8)));
    assertThat(IndexArchiver.rowGroupBytes(2L << 20, 1)).isEqualTo(Math.min(2L << 20, Math.max(1L << 20, heap / 4)));
    assertThat(IndexArchiver.rowGroupBytes(128L << 20, 100_000)).as("never below 1 MB").isEqualTo(1L << 20);
  }
}
