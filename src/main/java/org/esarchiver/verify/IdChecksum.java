package org.esarchiver.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * An order-independent checksum of a multiset of document ids: the count, and the sums (mod 2^64) of the two halves of
 * the first 16 bytes of each id's SHA-256. Order does not matter (sums commute), so ids read from parallel slices and
 * ids read back from files compare equal exactly when they are the same ids; unlike XOR, a duplicated id changes it.
 * Not thread-safe: one per slice or file, then {@link #add(IdChecksum) combined}.
 */
public final class IdChecksum {
  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final MessageDigest sha256;
  /** Each id's digest, written over for the next: no array per id (two per document, read and read back). */
  private final byte[] digest = new byte[32];
  private long count;
  private long high;
  private long low;

  public IdChecksum() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  public void add(String id) {
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    add(utf8, 0, utf8.length);
  }

  /** The id whose UTF-8 bytes are {@code utf8[offset, offset + length)}. */
  public void add(byte[] utf8, int offset, int length) {
    sha256.update(utf8, offset, length);
    try {
      sha256.digest(digest, 0, digest.length);
    } catch (DigestException e) {
      throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
    }
    high += (long) BIG_ENDIAN_LONGS.get(digest, 0);
    low += (long) BIG_ENDIAN_LONGS.get(digest, Long.BYTES);
    count++;
  }

  public void add(IdChecksum other) {
    high += other.high;
    low += other.low;
    count += other.count;
  }

  public long count() {
    return count;
  }

  /** {@code <count>:<32 hex digits>}, as kept in the manifest. */
  public String value() {
    return String.format(Locale.ROOT, "%d:%016x%016x", count, high, low);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdChecksum that && that.count == count && that.high == high && that.low == low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high ^ low ^ count);
  }

  @Override
  public String toString() {
    return value();
  }
}
