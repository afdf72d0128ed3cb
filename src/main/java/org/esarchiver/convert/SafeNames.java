package org.esarchiver.convert;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Names matching {@code [A-Za-z_][A-Za-z0-9_]*}, which every Avro and Parquet consumer accepts. */
final class SafeNames {

  private SafeNames() {}

  /** Every other character becomes {@code _}; a leading digit gets a {@code _} prefix. */
  static String of(String name) {
    StringBuilder safe = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      safe.append(allowed ? c : '_');
    }
    if (safe.length() == 0 || Character.isDigit(safe.charAt(0))) {
      safe.insert(0, '_');
    }
    return safe.toString();
  }

  /**
   * Safe names for the fields of one record, all distinct and distinct from {@code taken}. Names that are already safe
   * keep them; a renamed field whose safe name is in use gets the first free of {@code _2}, {@code _3}, ... in field
   * order, so the result depends only on the mapping.
   */
  static List<String> unique(List<String> names, Set<String> taken) {
    Set<String> used = new HashSet<>(taken);
    for (String name : names) {
      if (name.equals(of(name))) {
        used.add(name);
      }
    }
    List<String> unique = new ArrayList<>(names.size());
    for (String name : names) {
      String safe = of(name);
      if (safe.equals(name) && !taken.contains(name)) {
        unique.add(name);
        continue;
      }
      String candidate = safe;
      for (int suffix = 2; used.contains(candidate); suffix++) {
        candidate = safe + "_" + suffix;
      }
      used.add(candidate);
      unique.add(candidate);
    }
    return unique;
  }

  /**
   * The Elasticsearch names themselves, except that a name in {@code taken} (a metadata column such as {@code
   * _overflow}) gets the first free of {@code _2}, {@code _3}, ...
   */
  static List<String> uniqueOriginal(List<String> names, Set<String> taken) {
    Set<String> used = new HashSet<>(taken);
    used.addAll(names);
    List<String> unique = new ArrayList<>(names.size());
    for (String name : names) {
      String candidate = name;
      if (taken.contains(name)) {
        for (int suffix = 2; used.contains(candidate); suffix++) {
          candidate = name + "_" + suffix;
        }
        used.add(candidate);
      }
      unique.add(candidate);
    }
    return unique;
  }
}
