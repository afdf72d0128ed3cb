package org.esarchiver.source;

/** One part of an index read by its own scroll; {@code count == 1} means the whole index, without a slice clause. */
public record ReadSlice(String index, int id, int count) {
  public ReadSlice {
    if (count < 1 || id < 0 || id >= count) {
      throw new IllegalArgumentException("slice " + id + " of " + count);
    }
  }

  /** The {@code count} slices of an index. */
  public static java.util.List<ReadSlice> plan(String index, int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> new ReadSlice(index, i, count)).toList();
  }
}
