package org.esarchiver.selection;

import java.util.List;
import org.esarchiver.config.AgeRule;
import org.esarchiver.config.IndexFilters;
import org.esarchiver.config.JobDefinition;

/** The part of a job that decides which indices it archives. */
public record SelectionRules(List<String> include, IndexFilters filters, AgeRule age) {
  public SelectionRules {
    include = List.copyOf(include);
  }

  public static SelectionRules of(JobDefinition job) {
    return new SelectionRules(job.indexPatterns(), job.filters(), job.age());
  }
}
