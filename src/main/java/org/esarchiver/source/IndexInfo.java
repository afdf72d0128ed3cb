package org.esarchiver.source;

/** What Elasticsearch says of one index: top-level document count, primary store size and primary shard count. */
public record IndexInfo(String name, String health, String status, long docCount, long storeBytes, int primaryShards) {}
