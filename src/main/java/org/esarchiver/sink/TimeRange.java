package org.esarchiver.sink;

import java.time.Instant;

/** The first and last value of a timestamp column in an archive ({@code field} is its Elasticsearch name). */
public record TimeRange(String field, Instant from, Instant to) {}
