package org.esarchiver.audit;

import org.apache.hadoop.fs.Path;

/** Archive locations compared by path alone: the scheme and authority are the configured filesystem's either way. */
final class ArchivePaths {
  private ArchivePaths() {}

  static String key(String location) {
    String path = new Path(location).toUri().getPath();
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Whether {@code location} is {@code root} or lies below it. */
  static boolean within(String location, String root) {
    String key = key(location);
    String rootKey = key(root);
    return key.equals(rootKey) || key.startsWith(rootKey.endsWith("/") ? rootKey : rootKey + "/");
  }
}
