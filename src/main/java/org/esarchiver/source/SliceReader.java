package org.esarchiver.source;

import java.util.function.Consumer;

/**
 * Reads every document of one {@link ReadSlice}, page by page, so memory holds a page at a time (plus what the
 * consumer keeps). Implementations: {@link SlicedScrollReader} (scroll, the default) and {@link PointInTimeReader}
 * (point in time with {@code search_after}).
 */
public interface SliceReader {

  /**
   * Hands every page of the slice that has hits to {@code pages} (of {@code pageSize} documents, the last one fewer),
   * in order, and returns the number of documents Elasticsearch reported for the slice. The reader does not count the
   * hits (it leaves them unread, for the consumer to read once): the caller checks that it converted as many ({@link
   * #countMismatch}).
   *
   * @throws ScrollContextLostException when the read cannot go on from where it is (its context was lost, a page was
   *     incomplete): the caller reads the slice again from the start
   * @throws PageTooLargeException when a page comes to more bytes than a page may take: the caller reads the slice
   *     again with smaller pages
   */
  long read(ReadSlice slice, int pageSize, Consumer<HitsPage> pages);

  /** The failure for a read whose pages held {@code read} documents where Elasticsearch reported {@code reported}. */
  static ScrollContextLostException countMismatch(ReadSlice slice, long read, long reported) {
    return new ScrollContextLostException(slice.index() + " slice " + slice.id() + ": read " + read
        + " documents but Elasticsearch reported " + reported, null);
  }
}
