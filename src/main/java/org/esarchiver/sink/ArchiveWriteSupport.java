package org.esarchiver.sink;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * Writes the converter's Avro records to Parquet exactly as parquet-avro's {@link AvroWriteSupport} does (same file
 * schema and metadata, which it computes: see {@link #init}; same record shapes: three-level lists, {@code key_value}
 * maps), but with a writer per column resolved once from the schema, instead of looking up each value's schema,
 * union branch and logical type conversion per value, which was a third of parquet-avro's writing time.
 */
final class ArchiveWriteSupport extends WriteSupport<GenericRecord> {

  /** Writes one non-null value of a column. */
  @FunctionalInterface
  private interface ValueWriter {
    void write(RecordConsumer out, Object value);
  }

  private final Schema avroSchema;
  private FieldsWriter root;
  private RecordConsumer out;

  ArchiveWriteSupport(Schema avroSchema) {
    this.avroSchema = avroSchema;
  }

  /** A {@link ParquetWriter} builder for files of {@code schema}. */
  static Builder builder(OutputFile file, Schema schema) {
    return new Builder(file, schema);
  }

  static final class Builder extends ParquetWriter.Builder<GenericRecord, Builder> {
    private final Schema schema;

    private Builder(OutputFile file, Schema schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<GenericRecord> getWriteSupport(Configuration conf) {
      return new ArchiveWriteSupport(schema);
    }
  }

  @Override
  public String getName() {
    return "avro";
  }

  @Override
  public WriteContext init(Configuration configuration) {
    WriteContext context = new AvroWriteSupport<GenericRecord>(
        new AvroSchemaConverter(configuration).convert(avroSchema), avroSchema, GenericData.get()).init(configuration);
    root = new FieldsWriter(context.getSchema(), avroSchema);
    return context;
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(GenericRecord record) {
    out.startMessage();
    root.writeFields(out, record);
    out.endMessage();
  }

  /** The fields of a record: Avro fields of type null have no Parquet column and are skipped, as parquet-avro does. */
  private static final class FieldsWriter {
    private final int[] avroPositions;
    private final String[] names;
    private final boolean[] required;
    private final ValueWriter[] writers;

    FieldsWriter(GroupType group, Schema record) {
      List<Schema.Field> avroFields = record.getFields().stream()
          .filter(field -> field.schema().getType() != Schema.Type.NULL).toList();
      int count = avroFields.size();
      avroPositions = new int[count];
      names = new String[count];
      required = new boolean[count];
      writers = new ValueWriter[count];
      for (int i = 0; i < count; i++) {
        Type type = group.getType(i);
        avroPositions[i] = avroFields.get(i).pos();
        names[i] = type.getName();
        required[i] = type.isRepetition(Type.Repetition.REQUIRED);
        writers[i] = writer(avroFields.get(i).schema(), type);
      }
    }

    void writeFields(RecordConsumer out, GenericRecord record) {
      for (int i = 0; i < writers.length; i++) {
        Object value = record.get(avroPositions[i]);
        if (value != null) {
          out.startField(names[i], i);
          writers[i].write(out, value);
          out.endField(names[i], i);
        } else if (required[i]) {
          throw new IllegalArgumentException("null value for required field " + names[i]);
        }
      }
    }
  }

  private static ValueWriter writer(Schema schema, Type type) {
    Schema value = nonNull(schema);
    return switch (value.getType()) {
      case RECORD -> {
        FieldsWriter fields = new FieldsWriter(type.asGroupType(), value);
        yield (out, record) -> {
          out.startGroup();
          fields.writeFields(out, (GenericRecord) record);
          out.endGroup();
        };
      }
      case ARRAY -> listWriter(value, type.asGroupType());
      case MAP -> mapWriter(value, type.asGroupType());
      case STRING, ENUM -> (out, text) -> out.addBinary(binaryString(text));
      case INT -> (out, number) -> out.addInteger(((Number) number).intValue());
      case LONG -> (out, number) -> out.addLong(((Number) number).longValue());
      case FLOAT -> (out, number) -> out.addFloat(((Number) number).floatValue());
      case DOUBLE -> (out, number) -> out.addDouble(((Number) number).doubleValue());
      case BOOLEAN -> (out, bool) -> out.addBoolean((Boolean) bool);
      case BYTES -> (out, bytes) -> out.addBinary(Binary.fromConstantByteBuffer(((ByteBuffer) bytes).duplicate()));
      case FIXED -> (out, fixed) -> out.addBinary(Binary.fromConstantByteArray(((GenericFixed) fixed).bytes()));
      case NULL, UNION -> throw new IllegalArgumentException("unsupported column schema " + schema);
    };
  }

  /** A standard three-level list: {@code group (LIST) { repeated group list { element } }}. */
  private static ValueWriter listWriter(Schema array, GroupType list) {
    GroupType repeated = list.getType(0).asGroupType();
    String repeatedName = repeated.getName();
    Type elementType = repeated.getType(0);
    String elementName = elementType.getName();
    boolean elementRequired = elementType.isRepetition(Type.Repetition.REQUIRED);
    ValueWriter element = writer(array.getElementType(), elementType);
    return (out, value) -> {
      Collection<?> elements = (Collection<?>) value;
      out.startGroup();
      if (!elements.isEmpty()) {
        out.startField(repeatedName, 0);
        for (Object item : elements) {
          out.startGroup();
          if (item != null) {
            out.startField(elementName, 0);
            element.write(out, item);
            out.endField(elementName, 0);
          } else if (elementRequired) {
            throw new IllegalArgumentException("null element in list " + list.getName());
          }
          out.endGroup();
        }
        out.endField(repeatedName, 0);
      }
      out.endGroup();
    };
  }

  /** A standard map: {@code group (MAP) { repeated group key_value { key; value } }}. */
  private static ValueWriter mapWriter(Schema map, GroupType group) {
    GroupType keyValue = group.getType(0).asGroupType();
    String repeatedName = keyValue.getName();
    String keyName = keyValue.getType(0).getName();
    Type valueType = keyValue.getType(1);
    String valueName = valueType.getName();
    ValueWriter valueWriter = writer(map.getValueType(), valueType);
    return (out, value) -> {
      Map<?, ?> entries = (Map<?, ?>) value;
      out.startGroup();
      if (!entries.isEmpty()) {
        out.startField(repeatedName, 0);
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
          out.startGroup();
          out.startField(keyName, 0);
          out.addBinary(binaryString(entry.getKey()));
          out.endField(keyName, 0);
          if (entry.getValue() != null) {
            out.startField(valueName, 1);
            valueWriter.write(out, entry.getValue());
            out.endField(valueName, 1);
          } else if (valueType.isRepetition(Type.Repetition.REQUIRED)) {
            throw new IllegalArgumentException("null value in map " + group.getName());
          }
          out.endGroup();
        }
        out.endField(repeatedName, 0);
      }
      out.endGroup();
    };
  }

  /**
   * A string's UTF-8 bytes. The converter's {@link Utf8} values own their bytes and no one changes them, so Parquet may
   * keep them as they are (a dictionary entry, a min or max statistic) instead of copying each one it keeps.
   */
  private static Binary binaryString(Object text) {
    if (text instanceof Utf8 utf8) {
      return Binary.fromConstantByteArray(utf8.getBytes(), 0, utf8.getByteLength());
    }
    return Binary.fromString(text.toString());
  }

  /** The non-null branch of a nullable union, or the schema itself. */
  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      throw new IllegalArgumentException("unsupported union " + schema);
    }
    return branches.get(0);
  }
}
