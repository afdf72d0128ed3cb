package org.esarchiver.source;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reads every document of one {@link ReadSlice}, page by page, so memory holds a page at a time (plus what the
 * consumer keeps). Implementations: {@link SlicedScrollReader} (scroll, the default) and {@link PointInTimeReader}
 * (point in time with {@code search_after}).
 */
public interface SliceReader {

  /**
   * Hands every page of the slice to {@code pages}, in order, and returns the number of documents read.
   *
   * @throws ScrollContextLostException when the read cannot go on from where it is (its context was lost, a page was
   *     incomplete, the count does not match): the caller reads the slice again from the start
   */
  long read(ReadSlice slice, Consumer<List<SourceHit>> pages);
}
