package org.esarchiver.selection;

import java.time.Instant;
import java.util.Optional;

/** The newest value of a date field in an index, for the "newest value" age rule; empty when there is none. */
@FunctionalInterface
public interface NewestValues {
  Optional<Instant> newest(String index, String field);
}
