package org.esarchiver.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One file of jobs/: what to archive, when it is due, and where it goes. Columns are lists for {@code arrayFields}
 * and for fields seen holding several values in the first {@code arraySampleSize} documents of an index;
 * {@code columns} pins field types (path -> Elasticsearch type) so daily indices keep one schema; {@code keepSource}
 * also stores each document's raw _source. {@code indexPatterns} are wildcards or /regular expressions/, matched
 * against index, alias and data stream names; {@code filters} narrow them down, and {@code lifecycle} says what
 * happens to an index in Elasticsearch around its archive.
 */
public record JobDefinition(
    String name,
    Path file,
    List<String> indexPatterns,
    AgeRule age,
    String destination,
    Set<String> arrayFields,
    int arraySampleSize,
    Map<String, String> columns,
    boolean keepSource,
    ParquetOptions parquet,
    ScrollOptions scroll,
    Optional<Schedule> schedule,
    IndexFilters filters,
    Lifecycle lifecycle) {

  public static final String DEFAULT_DESTINATION = "/archive/{job}/dt={date}/";
}
