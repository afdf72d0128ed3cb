package org.esarchiver.convert;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads the rows of an archive's Parquet file (on HDFS or any Hadoop file system) back as Avro {@link GenericRecord}s
 * of the file's own Avro schema, original column names included.
 *
 * <p>parquet-avro's {@code AvroParquetReader} cannot: it parses the Avro schema embedded in the file ({@code
 * parquet.avro.schema}) with name validation, which rejects names such as {@code @timestamp}, and its record
 * materializer is not public. So this reader parses that schema without validation and materializes rows with
 * Parquet's public example {@link Group} reader, converting each to a record driven by the Avro schema: strings as
 * {@link String}, {@code bytes} as {@link ByteBuffer}, fixed (the unsigned_long decimals) as {@link GenericData.Fixed},
 * timestamps as {@code long}, lists (three-level, or legacy two-level) as {@link List}s, maps as {@link Map}s with
 * {@link String} keys. Not thread-safe; close it.
 */
public final class ArchiveRowReader implements Closeable {

  /** Where parquet-avro keeps the Avro schema in the file's key-value metadata (and where it used to). */
  private static final String[] AVRO_SCHEMA_KEYS = {"parquet.avro.schema", "avro.schema"};

  private final ParquetFileReader reader;
  private final MessageType fileSchema;
  private final Schema avroSchema;
  private final MessageColumnIO columnIO;
  private RecordReader<Group> rowGroup;
  private long rowsLeftInGroup;

  private ArchiveRowReader(ParquetFileReader reader, Path file) {
    this.reader = reader;
    this.fileSchema = reader.getFooter().getFileMetaData().getSchema();
    this.avroSchema = avroSchema(reader, file);
    this.columnIO = new ColumnIOFactory().getColumnIO(fileSchema);
  }

  /** @throws IllegalArgumentException if the file holds no Avro schema (it was not written by es-archiver) */
  public static ArchiveRowReader open(Path file, Configuration conf) throws IOException {
    ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf));
    try {
      return new ArchiveRowReader(reader, file);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The Avro schema the file was written with; {@link ArchiveSchema#fromAvroSchema} makes it an archive schema. */
  public static Schema readSchema(Path file, Configuration conf) throws IOException {
    try (ArchiveRowReader reader = open(file, conf)) {
      return reader.schema();
    }
  }

  /**
   * Hands every row of the file to {@code rows}, in file order.
   *
   * @return the number of rows
   */
  public static long read(Path file, Configuration conf, Consumer<? super GenericRecord> rows) throws IOException {
    long count = 0;
    try (ArchiveRowReader reader = open(file, conf)) {
      for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
        rows.accept(row);
        count++;
      }
    }
    return count;
  }

  public Schema schema() {
    return avroSchema;
  }

  /** The number of rows in the file, from its footer. */
  public long rowCount() {
    return reader.getRecordCount();
  }

  /** The next row, or null after the last. */
  public GenericRecord read() throws IOException {
    while (rowsLeftInGroup == 0) {
      PageReadStore pages = reader.readNextRowGroup();
      if (pages == null) {
        return null;
      }
      rowGroup = columnIO.getRecordReader(pages, new GroupRecordConverter(fileSchema));
      rowsLeftInGroup = pages.getRowCount();
    }
    rowsLeftInGroup--;
    return record(rowGroup.read(), avroSchema);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static Schema avroSchema(ParquetFileReader reader, Path file) {
    Map<String, String> metadata = reader.getFooter().getFileMetaData().getKeyValueMetaData();
    for (String key : AVRO_SCHEMA_KEYS) {
      String schema = metadata.get(key);
      if (schema != null) {
        return new Schema.Parser().setValidate(false).parse(schema);
      }
    }
    throw new IllegalArgumentException(file + " holds no Avro schema: it was not written by es-archiver");
  }

  private static GenericData.Record record(Group group, Schema schema) {
    GenericData.Record record = new GenericData.Record(schema);
    GroupType type = group.getType();
    for (Schema.Field field : schema.getFields()) {
      int index = type.getFieldIndex(field.name());
      if (group.getFieldRepetitionCount(index) > 0) {
        record.put(field.pos(), value(group, index, 0, nonNull(field.schema()), type.getType(index)));
      }
    }
    return record;
  }

  private static Object value(Group group, int field, int repetition, Schema schema, Type type) {
    return switch (schema.getType()) {
      case STRING -> group.getString(field, repetition);
      case INT -> group.getInteger(field, repetition);
      case LONG -> group.getLong(field, repetition);
      case FLOAT -> group.getFloat(field, repetition);
      case DOUBLE -> group.getDouble(field, repetition);
      case BOOLEAN -> group.getBoolean(field, repetition);
      case BYTES -> ByteBuffer.wrap(group.getBinary(field, repetition).getBytes());
      case FIXED -> new GenericData.Fixed(schema, group.getBinary(field, repetition).getBytes());
      case ENUM -> new GenericData.EnumSymbol(schema, group.getString(field, repetition));
      case RECORD -> record(group.getGroup(field, repetition), schema);
      case ARRAY -> list(group.getGroup(field, repetition), schema.getElementType());
      case MAP -> map(group.getGroup(field, repetition), schema.getValueType());
      case UNION -> value(group, field, repetition, nonNull(schema), type);
      case NULL -> null;
    };
  }

  /** A LIST group: three-level ({@code list / element}) as archives are written, or legacy two-level. */
  private static List<Object> list(Group list, Schema elementSchema) {
    Type repeated = list.getType().getType(0);
    int count = list.getFieldRepetitionCount(0);
    List<Object> elements = new ArrayList<>(count);
    Schema element = nonNull(elementSchema);
    if (isTwoLevel(repeated, element)) {
      for (int i = 0; i < count; i++) {
        elements.add(value(list, 0, i, element, repeated));
      }
      return elements;
    }
    for (int i = 0; i < count; i++) {
      Group item = list.getGroup(0, i);
      elements.add(
          item.getFieldRepetitionCount(0) == 0
              ? null
              : value(item, 0, 0, element, item.getType().getType(0)));
    }
    return elements;
  }

  /** The repeated field is the element itself (parquet-avro's legacy form) rather than a wrapper of it. */
  private static boolean isTwoLevel(Type repeated, Schema element) {
    if (repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1) {
      return true;
    }
    String name = repeated.getName();
    if (name.equals("list") && repeated.asGroupType().getType(0).getName().equals("element")) {
      return false; // the standard form, which archives are written in
    }
    if (name.equals("array") || name.endsWith("_tuple")) {
      return true;
    }
    return element.getType() == Schema.Type.RECORD
        && element.getFields().size() == 1
        && element.getFields().get(0).name().equals(repeated.asGroupType().getType(0).getName());
  }

  private static Map<String, Object> map(Group map, Schema valueSchema) {
    int count = map.getFieldRepetitionCount(0);
    Map<String, Object> entries = new LinkedHashMap<>(count * 2);
    Schema value = nonNull(valueSchema);
    for (int i = 0; i < count; i++) {
      Group entry = map.getGroup(0, i);
      String key = entry.getString(0, 0);
      entries.put(
          key, entry.getFieldRepetitionCount(1) == 0 ? null : value(entry, 1, 0, value, entry.getType().getType(1)));
    }
    return entries;
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return branch;
      }
    }
    return schema.getTypes().get(0);
  }
}
