package org.esarchiver.sink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.IntList;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet's own dictionary encoding of string (BINARY) columns (the same dictionaries, pages and fallback to plain
 * encoding) with its entries kept in an index of its own. Parquet keeps them in a map that hashes each value byte by
 * byte and compares it byte by byte: finding the entries of log columns such as a user agent of a hundred bytes was a
 * quarter of the writing thread's time, and adding the new values of mostly distinct columns ({@code _id}) a tenth.
 * Here each value is hashed eight bytes at a time and compared with {@link Arrays#equals(byte[], byte[])}, its bytes
 * read without a copy where a whole array backs it (as {@link ArchiveFileWriter} makes them). Ids, pages, sizes and
 * the decision to fall back stay Parquet's.
 */
final class StringDictionaries implements ValuesWriterFactory {

  private final ValuesWriterFactory defaults = new DefaultValuesWriterFactory();
  private ParquetProperties properties;

  @Override
  public void initialize(ParquetProperties properties) {
    this.properties = properties;
    defaults.initialize(properties);
  }

  @Override
  public ValuesWriter newValuesWriter(ColumnDescriptor column) {
    // What Parquet's V1 factory makes for a BINARY column: dictionary encoding falling back to plain.
    if (column.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY
        || properties.getWriterVersion() != ParquetProperties.WriterVersion.PARQUET_1_0
        || !properties.isDictionaryEnabled(column)) {
      return defaults.newValuesWriter(column);
    }
    return FallbackValuesWriter.of(
        new Writer(properties.getDictionaryPageSizeThreshold(), properties.getAllocator()),
        new PlainValuesWriter(properties.getInitialSlabSize(), properties.getPageSizeThreshold(),
            properties.getAllocator()));
  }

  /**
   * Parquet's dictionary writer of BINARY values, its entries kept in an index of its own instead of Parquet's map:
   * every method that reads or changes the map is overridden here, the rest (ids, pages, sizes, the fallback
   * decision) is Parquet's.
   */
  static final class Writer extends DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int INITIAL_ENTRIES = 64;

    /** Open addressing: entry id + 1 by slot, 0 for a free slot. */
    private int[] slots = new int[2 * INITIAL_ENTRIES];
    private int[] hashes = new int[INITIAL_ENTRIES];
    /** The entries' bytes by id, in the order they were added (the dictionary page's order). */
    private byte[][] arrays = new byte[INITIAL_ENTRIES][];
    private int entries;

    Writer(int maxDictionaryBytes, ByteBufferAllocator allocator) {
      super(maxDictionaryBytes, Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY, allocator);
    }

    @Override
    public void writeBytes(Binary value) {
      // exactly the value's bytes: the archive writer's values are backed by whole arrays, returned without a copy
      byte[] array = value.getBytesUnsafe();
      int hash = hash(array);
      int mask = slots.length - 1;
      for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
        int id = slots[slot] - 1;
        if (hashes[id] == hash && Arrays.equals(arrays[id], array)) {
          encodedValues.add(id);
          return;
        }
      }
      // a new entry, as Parquet adds one: a copy of the value where the caller reuses its bytes
      encodedValues.add(add(hash, value.isBackingBytesReused() ? array.clone() : array));
      dictionaryByteSize += 4L + value.length();
    }

    @Override
    public int getDictionarySize() {
      return entries;
    }

    @Override
    public DictionaryPage toDictPageAndClose() {
      if (lastUsedDictionarySize == 0) { // the dictionary was never used
        return null;
      }
      PlainValuesWriter page = new PlainValuesWriter(lastUsedDictionaryByteSize, maxDictionaryByteSize, allocator);
      for (int id = 0; id < lastUsedDictionarySize; id++) { // only the entries the written pages use
        page.writeBytes(Binary.fromConstantByteArray(arrays[id]));
      }
      return dictPage(page);
    }

    @Override
    public void fallBackDictionaryEncodedData(ValuesWriter writer) {
      IntList.IntIterator ids = encodedValues.iterator();
      while (ids.hasNext()) {
        writer.writeBytes(Binary.fromConstantByteArray(arrays[ids.next()]));
      }
    }

    @Override
    protected void clearDictionaryContent() {
      super.clearDictionaryContent();
      Arrays.fill(slots, 0);
      Arrays.fill(arrays, 0, entries, null);
      entries = 0;
    }

    /** Adds an entry; returns its id. */
    private int add(int hash, byte[] array) {
      if (entries == hashes.length) {
        int capacity = entries * 2;
        hashes = Arrays.copyOf(hashes, capacity);
        arrays = Arrays.copyOf(arrays, capacity);
        slots = new int[capacity * 2];
        for (int id = 0; id < entries; id++) {
          place(id);
        }
      }
      hashes[entries] = hash;
      arrays[entries] = array;
      place(entries);
      return entries++;
    }

    private void place(int id) {
      int mask = slots.length - 1;
      int slot = hashes[id] & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = id + 1;
    }

    /** A hash of the bytes taken eight at a time, mixed so that its low bits (the slot) depend on all of them. */
    static int hash(byte[] array) {
      int length = array.length;
      long hash = length;
      int i = 0;
      for (; i + Long.BYTES <= length; i += Long.BYTES) {
        hash = (hash ^ (long) LONGS.get(array, i)) * 0x9E3779B97F4A7C15L;
        hash ^= hash >>> 32;
      }
      long tail = 0;
      for (int shift = 0; i < length; i++, shift += 8) {
        tail |= (array[i] & 0xFFL) << shift;
      }
      hash = (hash ^ tail) * 0xBF58476D1CE4E5B9L;
      hash ^= hash >>> 31;
      hash *= 0x94D049BB133111EBL;
      return (int) (hash ^ (hash >>> 32));
    }
  }
}
