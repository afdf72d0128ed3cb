package org.esarchiver.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One file of jobs/: what to archive, when it is due, and where it goes. */
public record JobDefinition(
    String name,
    Path file,
    List<String> indexPatterns,
    AgeRule age,
    String destination,
    Set<String> arrayFields,
    ParquetOptions parquet,
    ScrollOptions scroll,
    Optional<Schedule> schedule) {

  public static final String DEFAULT_DESTINATION = "/archive/{job}/dt={date}/";
}
