package org.esarchiver.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

/** The faster dictionary lookup writes exactly what Parquet's own dictionary writer writes. */
class StringDictionariesTest {

  @Test
  void writesParquetsDictionaryAndIdsForRepeatedSlicedAndReusedValues() throws IOException {
    Random random = new Random(4);
    List<Binary> values = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      String text = switch (random.nextInt(4)) {
        case 0 -> "";
        case 1 -> "agent/" + random.nextInt(300) + " (a long tail of bytes that are hashed eight at a time)";
        case 2 -> "s" + random.nextInt(5_000);
        default -> "x".repeat(random.nextInt(20));
      };
      byte[] bytes = ("##" + text + "#").getBytes(StandardCharsets.UTF_8);
      values.add(switch (i % 3) {
        case 0 -> Binary.fromConstantByteArray(bytes, 2, bytes.length - 3);
        case 1 -> Binary.fromString(text);
        // bytes the caller reuses: the writer must keep a copy, not the array
        default -> Binary.fromReusedByteArray(bytes, 2, bytes.length - 3);
      });
    }
    DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter parquets =
        new DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter(1 << 20,
        Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY, new HeapByteBufferAllocator());
    StringDictionaries.Writer ours = new StringDictionaries.Writer(1 << 20, new HeapByteBufferAllocator());

    for (Binary value : values) {
      parquets.writeBytes(value);
      ours.writeBytes(value);
      if (value.isBackingBytesReused()) {
        java.util.Arrays.fill(value.toByteBuffer().array(), (byte) '?');
      }
    }

    assertThat(ours.getDictionarySize()).isEqualTo(parquets.getDictionarySize()).isGreaterThan(1_000);
    assertThat(ours.getBytes().toByteArray()).isEqualTo(parquets.getBytes().toByteArray());
    assertThat(ours.toDictPageAndClose().getBytes().toByteArray())
        .isEqualTo(parquets.toDictPageAndClose().getBytes().toByteArray());
  }

  /**
   * A dictionary that grows past its size falls back to plain encoding at the same value as Parquet's, and writes the
   * values it held as the same plain bytes; the dictionary of the pages written before is Parquet's too.
   */
  @Test
  void fallsBackAsParquetDoes() throws IOException {
    int maxDictionaryBytes = 4_096;
    ValuesWriter parquets = FallbackValuesWriter.of(
        new DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter(maxDictionaryBytes, Encoding.PLAIN_DICTIONARY,
            Encoding.PLAIN_DICTIONARY, new HeapByteBufferAllocator()),
        new PlainValuesWriter(1024, 1 << 20, new HeapByteBufferAllocator()));
    ValuesWriter ours = FallbackValuesWriter.of(
        new StringDictionaries.Writer(maxDictionaryBytes, new HeapByteBufferAllocator()),
        new PlainValuesWriter(1024, 1 << 20, new HeapByteBufferAllocator()));
    Random random = new Random(5);
    for (int page = 0; page < 4; page++) {
      for (int i = 0; i < 300; i++) {
        Binary value = Binary.fromString("id-" + random.nextInt(page < 2 ? 100 : 100_000));
        parquets.writeBytes(value);
        ours.writeBytes(value);
      }
      assertThat(ours.getEncoding()).as("page %d", page).isEqualTo(parquets.getEncoding());
      assertThat(ours.getBytes().toByteArray()).as("page %d", page).isEqualTo(parquets.getBytes().toByteArray());
      ours.reset();
      parquets.reset();
    }
    assertThat(ours.getEncoding()).as("fell back").isEqualTo(Encoding.PLAIN);
    assertThat(ours.toDictPageAndClose().getBytes().toByteArray())
        .isEqualTo(parquets.toDictPageAndClose().getBytes().toByteArray());
  }

  @Test
  void aClearedDictionaryStartsAfresh() throws IOException {
    StringDictionaries.Writer writer = new StringDictionaries.Writer(1 << 20, new HeapByteBufferAllocator());
    writer.writeBytes(Binary.fromString("a"));
    writer.writeBytes(Binary.fromString("b"));
    writer.toDictPageAndClose();
    writer.reset();
    writer.resetDictionary();

    writer.writeBytes(Binary.fromString("b"));
    writer.writeBytes(Binary.fromString("b"));

    assertThat(writer.getDictionarySize()).isEqualTo(1);
  }

  @Test
  void hashesDependOnEveryByte() {
    byte[] bytes = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
    int hash = StringDictionaries.Writer.hash(bytes);
    for (int i = 0; i < bytes.length; i++) {
      byte[] changed = bytes.clone();
      changed[i]++;
      assertThat(StringDictionaries.Writer.hash(changed)).as("byte %d", i).isNotEqualTo(hash);
    }
    assertThat(StringDictionaries.Writer.hash(java.util.Arrays.copyOf(bytes, 19))).isNotEqualTo(hash);
  }
}
