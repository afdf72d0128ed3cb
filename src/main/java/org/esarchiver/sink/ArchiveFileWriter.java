package org.esarchiver.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes the converter's Avro records into one Parquet file, the file parquet-avro's {@code AvroParquetWriter} writes
 * for them (same schema, metadata, pages and encodings, see {@code ParquetRoundTripTest}), but puts each value straight
 * into its column's writer with the repetition and definition levels computed here, from a tree of the schema resolved
 * once. Parquet's own path goes through a record consumer that follows every field's start and end to compute them,
 * and through the schema of each value: together that was a fifth of the time spent writing.
 *
 * <p>Row groups are cut as {@code ParquetWriter} cuts them: when the buffered columns come within two rows of the row
 * group size, checked after the first row and then halfway to the expected end, and at most 10,000 rows apart. Not
 * thread-safe.
 */
final class ArchiveFileWriter implements AutoCloseable {

  private static final int MAX_PADDING_BYTES = ParquetWriter.MAX_PADDING_SIZE_DEFAULT;

  private final ParquetFileWriter file;
  private final MessageType schema;
  private final ParquetProperties properties;
  private final CodecFactory codecs;
  private final CodecFactory.BytesInputCompressor compressor;
  private final Map<String, String> metadata;
  private final long rowGroupBytes;
  private final ColumnDescriptor[] descriptors;
  private final ColumnWriter[] columns;
  private final Fields root;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore store;
  private long rowsInGroup;
  private long nextSizeCheck;
  private long nextRowGroupBytes;
  private long writtenBytes;
  private boolean failed;
  private boolean closed;

  /**
   * Creates the file (it must not exist) with the Parquet schema and metadata parquet-avro derives from {@code
   * avroSchema} under {@code conf} (see {@link org.esarchiver.convert.ParquetFormat}).
   */
  static ArchiveFileWriter create(OutputFile output, Schema avroSchema, Configuration conf,
      CompressionCodecName codec, long rowGroupBytes) throws IOException {
    WriteSupport.WriteContext context = new AvroWriteSupport<GenericRecord>(
        new AvroSchemaConverter(conf).convert(avroSchema), avroSchema, GenericData.get()).init(conf);
    // Sizes are checked from the first row on, not after 100: 100 documents of 1 MB would overshoot the page and row
    // group sizes by 100 MB. Later checks are spaced by the average row size, so this costs little.
    ParquetProperties properties = ParquetProperties.builder().withMinRowCountForPageSizeCheck(1)
        .withValuesWriterFactory(new StringDictionaries()).build();
    return new ArchiveFileWriter(output, avroSchema, context, conf, codec, rowGroupBytes, properties);
  }

  private ArchiveFileWriter(OutputFile output, Schema avroSchema, WriteSupport.WriteContext context, Configuration conf,
      CompressionCodecName codec, long rowGroupBytes, ParquetProperties properties) throws IOException {
    this.schema = context.getSchema();
    this.properties = properties;
    this.rowGroupBytes = rowGroupBytes;
    this.nextRowGroupBytes = rowGroupBytes;
    this.metadata = new HashMap<>(context.getExtraMetaData());
    metadata.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, "avro");
    TreeBuilder tree = new TreeBuilder(schema);
    this.root = new Fields(tree, schema, avroSchema, 0, 0);
    this.descriptors = tree.leaves.toArray(new ColumnDescriptor[0]);
    this.columns = new ColumnWriter[descriptors.length];
    this.file = new ParquetFileWriter(output, schema, ParquetFileWriter.Mode.CREATE, rowGroupBytes,
        MAX_PADDING_BYTES, null, properties);
    this.codecs = new CodecFactory(conf, properties.getPageSizeThreshold());
    this.compressor = codecs.getCompressor(codec);
    try {
      file.start();
    } catch (IOException | RuntimeException e) {
      codecs.release();
      closeIncomplete();
      throw e;
    }
    startRowGroup();
  }

  /** Writes one record: a row of the file. */
  void write(GenericRecord record) throws IOException {
    if (failed || closed) {
      throw new IOException("the writer of this file failed or was closed before");
    }
    try {
      root.writeFields(columns, record, 0);
      store.endRecord();
      rowsInGroup++;
      if (rowsInGroup >= nextSizeCheck) {
        checkRowGroupSize();
      }
    } catch (IOException | RuntimeException | Error e) {
      failed = true;
      throw e;
    }
  }

  /** Bytes written to the file so far plus those buffered for the current row group (uncompressed). */
  long dataSize() {
    return writtenBytes + store.getBufferedSize();
  }

  /** Writes the last row group and the footer; after a failed write only closes the (incomplete) file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!failed) {
        flushRowGroup();
        file.end(metadata);
      }
    } catch (IllegalArgumentException e) {
      failed = true;
      // HDFS throws a failed write's error again on close, so the try-with-resources in Parquet's closing of its
      // stream fails with "Self-suppression not permitted" (a NameNode or DataNode gone, a quota): that error it is
      if (e.getCause() instanceof IOException failure && "Self-suppression not permitted".equals(e.getMessage())) {
        throw failure;
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    } finally {
      releaseRowGroup();
      codecs.release();
      if (failed) {
        closeIncomplete();
      }
    }
  }

  /**
   * Closes the stream of a file that failed. Its error was reported already (HDFS throws the same one again here) and
   * the file is deleted next, so an error in closing it is not news.
   */
  private void closeIncomplete() {
    try {
      file.close();
    } catch (IOException | RuntimeException again) {
      // see above
    }
  }

  private void startRowGroup() {
    pages = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(),
        properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled(), null, 0);
    store = properties.newColumnWriteStore(schema, pages, pages);
    for (int i = 0; i < descriptors.length; i++) {
      columns[i] = store.getColumnWriter(descriptors[i]);
    }
    rowsInGroup = 0;
    nextSizeCheck = properties.getMinRowCountForPageSizeCheck();
  }

  /** The row group is written once it is within about two rows of its size, as {@code ParquetWriter} does. */
  private void checkRowGroupSize() throws IOException {
    long buffered = store.getBufferedSize();
    long rowBytes = Math.max(1, buffered / rowsInGroup);
    if (buffered > nextRowGroupBytes - 2 * rowBytes) {
      long rows = rowsInGroup;
      flushRowGroup();
      releaseRowGroup();
      startRowGroup();
      nextSizeCheck = Math.min(Math.max(properties.getMinRowCountForPageSizeCheck(), rows / 2),
          properties.getMaxRowCountForPageSizeCheck());
    } else {
      nextSizeCheck = Math.min(Math.max(properties.getMinRowCountForPageSizeCheck(),
          (rowsInGroup + (long) (nextRowGroupBytes / (float) rowBytes)) / 2),
          rowsInGroup + properties.getMaxRowCountForPageSizeCheck());
    }
  }

  private void flushRowGroup() throws IOException {
    if (rowsInGroup == 0) {
      return;
    }
    file.startBlock(rowsInGroup);
    store.flush();
    pages.flushToFileWriter(file);
    file.endBlock();
    writtenBytes = file.getPos();
    nextRowGroupBytes = Math.min(file.getNextRowGroupSize(), rowGroupBytes);
  }

  /** Frees the buffers of the row group's pages. */
  private void releaseRowGroup() {
    store.close();
    pages.close();
  }

  /**
   * Builds the tree of nodes of a schema, numbering its leaf columns in the schema's order as it goes: the index of a
   * leaf in {@link #leaves} is the index of its writer in the writers array.
   */
  private static final class TreeBuilder {
    final MessageType schema;
    final List<ColumnDescriptor> leaves = new ArrayList<>();
    private final List<String> path = new ArrayList<>();

    TreeBuilder(MessageType schema) {
      this.schema = schema;
    }

    /** The node of a Parquet field and its Avro schema; {@code definition} includes the field's own level. */
    Node node(Type type, Schema avro, int definition, int repetition) {
      Schema value = nonNull(avro);
      path.add(type.getName());
      int firstLeaf = leaves.size();
      try {
        Node node = switch (value.getType()) {
          case RECORD -> new Group(new Fields(this, type.asGroupType(), value, definition, repetition), definition);
          case ARRAY -> new Repeated(this, type.asGroupType(), value.getElementType(), false, definition, repetition);
          case MAP -> new Repeated(this, type.asGroupType(), value.getValueType(), true, definition, repetition);
          case NULL, UNION -> throw new IllegalArgumentException("unsupported column schema " + avro);
          default -> {
            leaves.add(schema.getColumnDescription(path.toArray(new String[0])));
            yield new Leaf(value.getType(), firstLeaf, definition);
          }
        };
        node.leaves = IntStream.range(firstLeaf, leaves.size()).toArray();
        return node;
      } finally {
        path.remove(path.size() - 1);
      }
    }
  }

  /**
   * A field of the schema. {@code definition} is the definition level of its values: the number of fields on its path,
   * itself included, that may be absent. Values below a list after its first element are written at the list's
   * repetition level instead of their row's (0).
   */
  private abstract static class Node {
    final int definition;
    int[] leaves;

    Node(int definition) {
      this.definition = definition;
    }

    /** Writes a value (not null) of this field, at the repetition level where it starts. */
    abstract void write(ColumnWriter[] columns, Object value, int repetition);

    /** Writes "absent at {@code definitionLevel}" into every leaf column below this field. */
    final void writeAbsent(ColumnWriter[] columns, int repetition, int definitionLevel) {
      for (int leaf : leaves) {
        columns[leaf].writeNull(repetition, definitionLevel);
      }
    }
  }

  /** The fields of a record: Avro fields of type null have no Parquet column and are skipped, as parquet-avro does. */
  private static final class Fields {
    private final int[] avroPositions;
    private final String[] names;
    private final boolean[] required;
    private final Node[] nodes;
    private final int definition;

    /** @param definition the definition level of the record (0 for a row) */
    Fields(TreeBuilder tree, GroupType group, Schema record, int definition, int repetition) {
      this.definition = definition;
      List<Schema.Field> avroFields = record.getFields().stream()
          .filter(field -> field.schema().getType() != Schema.Type.NULL).toList();
      int count = avroFields.size();
      avroPositions = new int[count];
      names = new String[count];
      required = new boolean[count];
      nodes = new Node[count];
      for (int i = 0; i < count; i++) {
        Type type = group.getType(i);
        avroPositions[i] = avroFields.get(i).pos();
        names[i] = type.getName();
        required[i] = type.isRepetition(Type.Repetition.REQUIRED);
        nodes[i] = tree.node(type, avroFields.get(i).schema(), definition + (required[i] ? 0 : 1), repetition);
      }
    }

    void writeFields(ColumnWriter[] columns, GenericRecord record, int repetition) {
      for (int i = 0; i < nodes.length; i++) {
        Object value = record.get(avroPositions[i]);
        if (value != null) {
          nodes[i].write(columns, value, repetition);
        } else if (required[i]) {
          throw new IllegalArgumentException("null value for required field " + names[i]);
        } else {
          nodes[i].writeAbsent(columns, repetition, definition);
        }
      }
    }
  }

  /** A record field: an optional group of its own fields. */
  private static final class Group extends Node {
    private final Fields fields;

    Group(Fields fields, int definition) {
      super(definition);
      this.fields = fields;
    }

    @Override
    void write(ColumnWriter[] columns, Object value, int repetition) {
      fields.writeFields(columns, (GenericRecord) value, repetition);
    }
  }

  /**
   * A list, {@code group (LIST) { repeated group list { element } }}, or a map, {@code group (MAP) { repeated group
   * key_value { required key; value } }}: an empty one is written as the group present without entries.
   */
  private static final class Repeated extends Node {
    private final String name;
    private final boolean map;
    private final int entryDefinition;
    private final int entryRepetition;
    private final Node key;
    private final Node element;
    private final boolean elementRequired;

    Repeated(TreeBuilder tree, GroupType group, Schema elementSchema, boolean map, int definition, int repetition) {
      super(definition);
      this.name = group.getName();
      this.map = map;
      GroupType entry = group.getType(0).asGroupType();
      entryDefinition = definition + 1;
      entryRepetition = repetition + 1;
      tree.path.add(entry.getName());
      try {
        key = map ? tree.node(entry.getType(0), Schema.create(Schema.Type.STRING), entryDefinition, entryRepetition)
            : null;
        Type elementType = entry.getType(map ? 1 : 0);
        elementRequired = elementType.isRepetition(Type.Repetition.REQUIRED);
        element = tree.node(elementType, elementSchema, entryDefinition + (elementRequired ? 0 : 1), entryRepetition);
      } finally {
        tree.path.remove(tree.path.size() - 1);
      }
    }

    @Override
    void write(ColumnWriter[] columns, Object value, int repetition) {
      if (map) {
        writeEntries(columns, ((Map<?, ?>) value).entrySet(), repetition);
      } else {
        writeEntries(columns, (Collection<?>) value, repetition);
      }
    }

    private void writeEntries(ColumnWriter[] columns, Collection<?> entries, int repetition) {
      if (entries.isEmpty()) {
        writeAbsent(columns, repetition, definition);
        return;
      }
      int level = repetition;
      for (Object entry : entries) {
        Object item = entry;
        if (map) {
          Map.Entry<?, ?> keyValue = (Map.Entry<?, ?>) entry;
          key.write(columns, keyValue.getKey(), level);
          item = keyValue.getValue();
        }
        if (item != null) {
          element.write(columns, item, level);
        } else if (elementRequired) {
          throw new IllegalArgumentException("null " + (map ? "value in map " : "element in list ") + name);
        } else {
          element.writeAbsent(columns, level, entryDefinition);
        }
        level = entryRepetition;
      }
    }
  }

  /** A primitive column. */
  private static final class Leaf extends Node {
    private final Schema.Type type;
    private final int column;

    Leaf(Schema.Type type, int column, int definition) {
      super(definition);
      this.type = type;
      this.column = column;
    }

    @Override
    void write(ColumnWriter[] columns, Object value, int repetition) {
      ColumnWriter out = columns[column];
      switch (type) {
        case STRING, ENUM -> out.write(binaryString(value), repetition, definition);
        case INT -> out.write(((Number) value).intValue(), repetition, definition);
        case LONG -> out.write(((Number) value).longValue(), repetition, definition);
        case FLOAT -> out.write(((Number) value).floatValue(), repetition, definition);
        case DOUBLE -> out.write(((Number) value).doubleValue(), repetition, definition);
        case BOOLEAN -> out.write((Boolean) value, repetition, definition);
        case BYTES -> out.write(Binary.fromConstantByteBuffer(((ByteBuffer) value).duplicate()), repetition,
            definition);
        case FIXED -> out.write(Binary.fromConstantByteArray(((GenericFixed) value).bytes()), repetition, definition);
        default -> throw new IllegalStateException("not a primitive type: " + type);
      }
    }
  }

  /**
   * A string's UTF-8 bytes, as a Binary of a whole array ({@link StringDictionaries} reads those without a copy). The
   * converter's {@link Utf8} values own their bytes and no one changes them, so Parquet may keep them as they are (a
   * dictionary entry, a min or max statistic) instead of copying each one it keeps.
   */
  private static Binary binaryString(Object text) {
    if (text instanceof Utf8 utf8) {
      byte[] bytes = utf8.getBytes();
      return Binary.fromConstantByteArray(bytes.length == utf8.getByteLength() ? bytes
          : Arrays.copyOf(bytes, utf8.getByteLength()));
    }
    return Binary.fromConstantByteArray(text.toString().getBytes(StandardCharsets.UTF_8));
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
