package org.esarchiver.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the fields that hold lists in a sample of an index's documents, to make them list columns: run it on the first
 * documents of an index with a schema built from the index mapping (and the job's {@code array_fields}), then build
 * the archive schema with the job's {@code array_fields} united with the result ({@link
 * ConvertOptions#withArrayFields}). Values found later with two or more values in a single-value column still lose
 * nothing: they go to {@code _overflow}.
 */
public final class ArrayDetector {

  private ArrayDetector() {}

  /**
   * The dotted paths of the mapped fields that get two or more values in at least one sample document: a JSON array of
   * two or more non-null values (nested arrays flattened), or values given both dotted and nested ({@code {"a": {"b":
   * 1}, "a.b": 2}}). Objects count too ({@code "hosts": [{...}, {...}]} reports {@code hosts}), and fields inside
   * each object of such an array are examined on their own. Not reported: nested fields (always lists), a
   * {@code [lon, lat]} geo point or a vector (one value each), JSON text columns (they hold the whole value), and
   * unmapped fields (they go to {@code _overflow} anyway).
   *
   * @return sorted, unmodifiable
   */
  public static Set<String> detect(ArchiveSchema schema, Iterable<? extends JsonNode> sampleSources) {
    Set<String> found = new TreeSet<>();
    for (JsonNode source : sampleSources) {
      if (source != null && source.isObject()) {
        schema.documentFields().detectArrays(source, found);
      }
    }
    return Collections.unmodifiableSet(found);
  }
}
