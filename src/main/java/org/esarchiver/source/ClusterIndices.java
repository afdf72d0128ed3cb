package org.esarchiver.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every index of the cluster (hidden and system ones included, flagged as such), with its aliases and data streams:
 * what a job's patterns are matched against.
 */
public record ClusterIndices(List<IndexInfo> indices, List<Alias> aliases, List<DataStream> dataStreams) {

  /** An alias, the indices it points to, and the one writes through it go to, if one is marked is_write_index. */
  public record Alias(String name, List<String> indices, Optional<String> writeIndex) {
    public Alias {
      indices = List.copyOf(indices);
    }
  }

  /** A data stream and its backing indices, oldest first; the last one is the current write index. */
  public record DataStream(String name, List<String> backingIndices) {
    public DataStream {
      backingIndices = List.copyOf(backingIndices);
    }

    public Optional<String> writeIndex() {
      return backingIndices.isEmpty() ? Optional.empty() : Optional.of(backingIndices.get(backingIndices.size() - 1));
    }

    /** Data streams whose name starts with a dot are hidden, like their backing indices. */
    public boolean hidden() {
      return name.startsWith(".");
    }
  }

  public ClusterIndices {
    indices = List.copyOf(indices);
    aliases = List.copyOf(aliases);
    dataStreams = List.copyOf(dataStreams);
  }

  public Map<String, IndexInfo> byName() {
    Map<String, IndexInfo> byName = new java.util.LinkedHashMap<>();
    indices.forEach(index -> byName.put(index.name(), index));
    return byName;
  }
}
