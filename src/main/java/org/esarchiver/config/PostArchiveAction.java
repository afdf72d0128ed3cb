package org.esarchiver.config;

/**
 * What happens to an index in Elasticsearch once its archive is committed, verified and announced: nothing, made
 * read-only ({@code index.blocks.read_only}), closed, or deleted.
 */
public enum PostArchiveAction {
  NONE("none"), READ_ONLY("read_only"), CLOSE("close"), DELETE("delete");

  private final String configName;

  PostArchiveAction(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
