package org.esarchiver.config;

import java.time.Duration;

/**
 * How an index is read: documents per page (at most; pages are also kept to a few megabytes, see the job file), the
 * keep-alive of the scroll or point in time, the most parallel slices per index (the default is one per primary
 * shard, and at least one per core, capped by {@code maxSlices}), and the search API that reads them.
 */
public record ScrollOptions(int batchSize, Duration keepAlive, int maxSlices, ReadApi api) {

  /** The search API an index is read with. */
  public enum ReadApi {
    /** A scroll sorted by {@code _doc}: the default, supported by every Elasticsearch version. */
    SCROLL,
    /** A point in time sorted by {@code _shard_doc}, paged with {@code search_after}: faster, Elasticsearch 7.12+. */
    POINT_IN_TIME
  }

  public ScrollOptions(int batchSize, Duration keepAlive, int maxSlices) {
    this(batchSize, keepAlive, maxSlices, ReadApi.SCROLL);
  }
}
