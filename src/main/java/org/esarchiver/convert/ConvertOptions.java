package org.esarchiver.convert;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How an index is turned into Parquet rows.
 *
 * @param arrayFields dotted field paths (e.g. {@code "tags"}, {@code "http.request.headers"}) whose column holds a list
 *     of values; every other field holds a single value. Paths missing from an index's mapping are ignored, since one
 *     job's list applies to many indices. The job's configured list united with {@link ArrayDetector#detect} on a sample
 *     of the index.
 * @param avroSafeNames rename columns to {@code [A-Za-z_][A-Za-z0-9_]*} for engines that need such names; the original
 *     Elasticsearch name is kept in the Avro field property {@code es.name} and in {@link ArchiveSchema#originalNames()}
 * @param keepSource also store each document's raw {@code _source} as compact JSON text in a {@code _source} column
 * @param pinnedTypes dotted field path to the Elasticsearch type its column gets whatever the index mapping says
 *     ({@code "status" -> "long"}), so that daily indices whose mappings drift share one schema; a pinned path missing
 *     from the mapping still gets its column. Values that do not fit the pinned type go to {@code _overflow}.
 */
public record ConvertOptions(
    Set<String> arrayFields, boolean avroSafeNames, boolean keepSource, Map<String, String> pinnedTypes) {

  public ConvertOptions {
    arrayFields = arrayFields == null ? Set.of() : Set.copyOf(arrayFields);
    pinnedTypes = pinnedTypes == null ? Map.of() : Map.copyOf(pinnedTypes);
  }

  /** No kept {@code _source}, no pinned types. */
  public ConvertOptions(Set<String> arrayFields, boolean avroSafeNames) {
    this(arrayFields, avroSafeNames, false, Map.of());
  }

  public ConvertOptions withArrayFields(Set<String> fields) {
    return new ConvertOptions(fields, avroSafeNames, keepSource, pinnedTypes);
  }

  public ConvertOptions withKeepSource(boolean keep) {
    return new ConvertOptions(arrayFields, avroSafeNames, keep, pinnedTypes);
  }

  public ConvertOptions withPinnedTypes(Map<String, String> types) {
    return new ConvertOptions(arrayFields, avroSafeNames, keepSource, types);
  }

  /** The pinned types in path order, for deterministic processing. */
  Map<String, String> sortedPinnedTypes() {
    return new TreeMap<>(pinnedTypes);
  }
}
