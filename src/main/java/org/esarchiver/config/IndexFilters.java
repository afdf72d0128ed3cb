package org.esarchiver.config;

import java.util.List;

/**
 * Which of the indices matching a job's {@code indices} it considers: {@code exclude} patterns (wildcards or /regular
 * expressions/, matched against the index name and the names of its aliases and data stream); closed and empty
 * indices only when asked; and the newest {@code keepNewest} indices (by the age rule's date) are never archived.
 */
public record IndexFilters(List<String> exclude, boolean includeClosed, boolean includeEmpty, int keepNewest) {
  public static final IndexFilters DEFAULT = new IndexFilters(List.of(), false, false, 0);

  public IndexFilters {
    exclude = List.copyOf(exclude);
  }
}
