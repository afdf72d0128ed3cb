package org.esarchiver.convert;

import java.util.Set;

/**
 * How an index is turned into Parquet rows.
 *
 * @param arrayFields dotted field paths (e.g. {@code "tags"}, {@code "http.request.headers"}) whose column holds a list
 *     of values; every other field holds a single value. Paths missing from an index's mapping are ignored, since one
 *     job's list applies to many indices.
 * @param avroSafeNames rename columns to {@code [A-Za-z_][A-Za-z0-9_]*} for engines that need such names; the original
 *     Elasticsearch name is kept in the Avro field property {@code es.name}
 */
public record ConvertOptions(Set<String> arrayFields, boolean avroSafeNames) {

  public ConvertOptions {
    arrayFields = arrayFields == null ? Set.of() : Set.copyOf(arrayFields);
  }
}
