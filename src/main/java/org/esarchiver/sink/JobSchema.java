package org.esarchiver.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The field types a job's archives have used so far (dotted path -> Elasticsearch type) and the index that introduced
 * each, kept in {@code _schema.json} at the job root. Daily mappings drift; this is what a new index is compared to.
 */
public record JobSchema(Map<String, FieldOrigin> fields) {
  public record FieldOrigin(String type, String index) {}

  public static final String FILE_NAME = "_schema.json";

  public JobSchema {
    fields = Map.copyOf(fields);
  }

  public static JobSchema empty() {
    return new JobSchema(Map.of());
  }

  /** One line per field whose type in this index differs from the job's earlier archives. */
  public List<String> conflictsWith(Map<String, String> indexFieldTypes) {
    List<String> conflicts = new ArrayList<>();
    new TreeMap<>(indexFieldTypes).forEach((path, type) -> {
      FieldOrigin earlier = fields.get(path);
      if (earlier != null && !earlier.type().equals(type)) {
        conflicts.add("field '" + path + "' is " + type + " here but " + earlier.type() + " in earlier archives (since "
            + earlier.index() + "); pin it with columns: in the job to keep one type");
      }
    });
    return conflicts;
  }

  /** This schema with the index's new fields added; fields already known keep their established type. */
  public JobSchema including(String index, Map<String, String> indexFieldTypes) {
    Map<String, FieldOrigin> merged = new LinkedHashMap<>(fields);
    indexFieldTypes.forEach((path, type) -> merged.putIfAbsent(path, new FieldOrigin(type, index)));
    return new JobSchema(merged);
  }
}
