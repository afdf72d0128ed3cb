package org.esarchiver.convert;

/**
 * JSON text that survives UTF-8. A Java string may hold a lone or reversed surrogate (JSON allows {@code "\ud800"},
 * and Elasticsearch keeps it in _source); encoding it as UTF-8, as Parquet and standard output do, turns it into
 * {@code ?}. Written as its {@code \\uXXXX} escape it stays exactly what it was.
 */
public final class JsonText {
  private JsonText() {}

  /** Whether {@code text} holds a surrogate that is not half of a high-low pair. */
  public static boolean hasLoneSurrogate(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code json} with every lone surrogate written as its escape. In JSON text a surrogate can only be inside a string
   * (a key or a value), where the escape means the same character.
   */
  public static String escapeLoneSurrogates(String json) {
    if (!hasLoneSurrogate(json)) {
      return json;
    }
    StringBuilder escaped = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
        escaped.append(c).append(json.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        escaped.append(String.format("\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
