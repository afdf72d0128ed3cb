package org.esarchiver.selection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One pattern of a job's {@code indices} or {@code exclude}: a name, a wildcard pattern ({@code *} matches any
 * characters), or a regular expression written {@code /.../}, which matches when it is found anywhere in the name (as
 * Curator's regex filter does; anchor it with ^ and $ to match whole names).
 */
record NamePattern(String text, Pattern regex, boolean literal) {

  static NamePattern parse(String text) {
    if (text.length() >= 3 && text.startsWith("/") && text.endsWith("/")) {
      return new NamePattern(text, Pattern.compile(text.substring(1, text.length() - 1)), false);
    }
    if (!text.contains("*")) {
      return new NamePattern(text, Pattern.compile(Pattern.quote(text)), true);
    }
    StringBuilder regex = new StringBuilder("^");
    for (String part : text.split("\\*", -1)) {
      if (regex.length() > 1) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return new NamePattern(text, Pattern.compile(regex.append('$').toString()), false);
  }

  static List<NamePattern> parseAll(List<String> texts) {
    return texts.stream().map(NamePattern::parse).toList();
  }

  boolean matches(String name) {
    return literal ? text.equals(name) : regex.matcher(name).find();
  }

  @Override
  public String toString() {
    return text;
  }
}
