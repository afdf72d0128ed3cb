package org.esarchiver.convert;

import com.fasterxml.jackson.core.JsonParser;
import java.util.Arrays;
import org.apache.avro.util.Utf8;

/**
 * The array a streaming parser reads and the offset it was given ({@code createParser(bytes, baseOffset, length)}):
 * Jackson counts its token byte offsets from {@code baseOffset}, not from the start of the array ({@code
 * JsonInputTest} pins this), so the parser of a whole search page, {@code createParser(page, 0, pageLength)}, reads
 * {@code new JsonInput(page, 0)}.
 *
 * <p>It lets a string column take a value's UTF-8 bytes straight from the input, instead of Jackson decoding them to a
 * String and the Parquet writer encoding that back to UTF-8.
 */
record JsonInput(byte[] bytes, int baseOffset) {

  private static final byte PLAIN = 0;
  private static final byte QUOTE = 1;
  private static final byte NOT_RAW = 2;
  private static final byte NON_ASCII = 3;
  /** What each byte is inside a JSON string: a table, as Jackson has, is faster than comparisons in the loop. */
  private static final byte[] BYTE_KINDS = new byte[256];

  static {
    for (int b = 0; b < 256; b++) {
      BYTE_KINDS[b] = b >= 0x80 ? NON_ASCII : b < ' ' || b == '\\' ? NOT_RAW : b == '"' ? QUOTE : PLAIN;
    }
  }

  /**
   * The value of the VALUE_STRING token the parser is at, as a copy of the bytes between its quotes (a copy: the input
   * may be a page of many documents, which a record must not keep alive); or null where those bytes are not certainly
   * the value's UTF-8 form, and the caller must ask the parser for the text: an escape, a control character (which
   * Jackson rejects), bytes that are not well-formed UTF-8 (Jackson decodes some of them, such as encoded surrogates,
   * into text UTF-8 cannot hold), a value longer than the parser allows (it rejects it), or a token location that is
   * not a byte offset into this input.
   *
   * <p>A {@link ScannedStringParser} is told where the value ends, so that it does not scan it again.
   *
   * <p>The closing quote is looked for up to the end of the array, which may lie past the end of the parser's input: a
   * value that ends there is not JSON the parser accepts, and it fails the document when it skips the value.
   */
  Utf8 rawString(JsonParser parser) {
    long tokenOffset = parser.currentTokenLocation().getByteOffset();
    if (tokenOffset < 0 || tokenOffset >= bytes.length - baseOffset) {
      return null;
    }
    int quote = baseOffset + (int) tokenOffset;
    if (bytes[quote] != '"') {
      return null;
    }
    int start = quote + 1;
    boolean ascii = true;
    int i = start;
    for (; ; i++) {
      if (i == bytes.length) {
        return null;
      }
      byte kind = BYTE_KINDS[bytes[i] & 0xFF];
      if (kind == PLAIN) {
        continue;
      }
      if (kind == QUOTE) {
        break;
      }
      if (kind == NOT_RAW) {
        return null;
      }
      ascii = false;
    }
    if (i - start > parser.streamReadConstraints().getMaxStringLength()
        || !ascii && !isWellFormedUtf8(bytes, start, i)) {
      return null;
    }
    if (parser instanceof ScannedStringParser scanned) {
      scanned.scanned(bytes, quote, i);
    }
    return new Utf8(Arrays.copyOfRange(bytes, start, i));
  }

  /**
   * Whether {@code bytes[from, to)} is well-formed UTF-8 (Unicode table 3-7): no overlong form, no surrogate, nothing
   * above U+10FFFF, no truncated sequence.
   */
  static boolean isWellFormedUtf8(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int lead = bytes[i] & 0xFF;
      if (lead < 0x80) {
        i++;
        continue;
      }
      int continuations;
      int secondMin = 0x80;
      int secondMax = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        continuations = 1;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuations = 2;
        if (lead == 0xE0) {
          secondMin = 0xA0; // below: overlong
        } else if (lead == 0xED) {
          secondMax = 0x9F; // above: a surrogate, U+D800..U+DFFF
        }
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuations = 3;
        if (lead == 0xF0) {
          secondMin = 0x90; // below: overlong
        } else if (lead == 0xF4) {
          secondMax = 0x8F; // above: beyond U+10FFFF
        }
      } else {
        return false;
      }
      if (i + continuations >= to) {
        return false;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < secondMin || second > secondMax) {
        return false;
      }
      for (int k = 2; k <= continuations; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += continuations + 1;
    }
    return true;
  }
}
