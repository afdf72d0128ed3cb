package org.esarchiver.lifecycle;

import org.esarchiver.config.PostArchiveAction;

/**
 * Runs a job's after_archive action on an index. The caller is responsible for calling it only for an index this run
 * archived, verified and announced.
 */
public final class PostArchiveActions {
  private final IndexStates states;

  public PostArchiveActions(IndexStates states) {
    this.states = states;
  }

  /** Applies the action and returns what was done, for the run's summary ("deleted", ...), or null for none. */
  public String apply(PostArchiveAction action, String index) {
    switch (action) {
      case NONE -> {
        return null;
      }
      case READ_ONLY -> {
        states.makeReadOnly(index);
        return "made read-only";
      }
      case CLOSE -> {
        states.close(index);
        return "closed";
      }
      case DELETE -> {
        states.delete(index);
        return "deleted";
      }
      default -> throw new IllegalArgumentException(action.toString());
    }
  }

  /** What a dry run says the action would do. */
  public static String preview(PostArchiveAction action) {
    return switch (action) {
      case NONE -> null;
      case READ_ONLY -> "then make it read-only";
      case CLOSE -> "then close it";
      case DELETE -> "then delete it from Elasticsearch";
    };
  }
}
