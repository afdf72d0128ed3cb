package org.esarchiver.source;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What Elasticsearch says of one index: top-level document count, primary store size, primary shard count, when it was
 * created, whether it is hidden or a system index, the data stream it backs and its aliases.
 */
public record IndexInfo(String name, String health, String status, long docCount, long storeBytes, int primaryShards,
    Optional<Instant> created, boolean hidden, boolean system, Optional<String> dataStream, List<String> aliases) {

  public IndexInfo {
    aliases = List.copyOf(aliases);
  }

  /** An ordinary index: not hidden, in no data stream, without aliases, creation date unknown. */
  public IndexInfo(String name, String health, String status, long docCount, long storeBytes, int primaryShards) {
    this(name, health, status, docCount, storeBytes, primaryShards, Optional.empty(), false, false, Optional.empty(),
        List.of());
  }

  public boolean closed() {
    return "close".equals(status);
  }
}
