package org.esarchiver.config;

import java.time.Duration;

/**
 * How an index is read: documents per scroll page, scroll keep-alive, and the maximum number of parallel slices (the
 * default is one slice per primary shard, capped by {@code maxSlices}).
 */
public record ScrollOptions(int batchSize, Duration keepAlive, int maxSlices) {}
