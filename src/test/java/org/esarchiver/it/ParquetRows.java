package org.esarchiver.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Reads archived rows back with Parquet's own example reader (not the Avro one the archiver writes with), so the files
 * are checked by a reader that only knows the Parquet schema.
 */
final class ParquetRows {
  private ParquetRows() {}

  static List<Group> readPartition(FileSystem fs, Configuration conf, Path partition) throws IOException {
    List<Group> rows = new ArrayList<>();
    for (FileStatus file : fs.listStatus(partition, p -> p.getName().endsWith(".parquet"))) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file.getPath())
          .withConf(conf).build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The distinct {@code _id}s of the rows: as many as the rows when every document is there exactly once. */
  static Set<String> ids(List<Group> rows) {
    Set<String> ids = new HashSet<>();
    rows.forEach(row -> ids.add(string(row, "_id")));
    return ids;
  }

  static String string(Group row, String field) {
    return row.getFieldRepetitionCount(field) == 0 ? null : row.getString(field, 0);
  }

  static Long longValue(Group row, String field) {
    return row.getFieldRepetitionCount(field) == 0 ? null : row.getLong(field, 0);
  }

  static Integer intValue(Group row, String field) {
    return row.getFieldRepetitionCount(field) == 0 ? null : row.getInteger(field, 0);
  }

  static Double doubleValue(Group row, String field) {
    return row.getFieldRepetitionCount(field) == 0 ? null : row.getDouble(field, 0);
  }

  static Boolean booleanValue(Group row, String field) {
    return row.getFieldRepetitionCount(field) == 0 ? null : row.getBoolean(field, 0);
  }

  /** A standard three-level LIST of strings (field / list / element). */
  static List<String> stringList(Group row, String field) {
    if (row.getFieldRepetitionCount(field) == 0) {
      return null;
    }
    Group list = row.getGroup(field, 0);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < list.getFieldRepetitionCount("list"); i++) {
      values.add(list.getGroup("list", i).getString("element", 0));
    }
    return values;
  }

  static Group group(Group row, String field) {
    return row.getFieldRepetitionCount(field) == 0 ? null : row.getGroup(field, 0);
  }
}
