package org.esarchiver.config;

/**
 * What the archiver does to an index in Elasticsearch: {@code writeBlock} sets {@code index.blocks.write} before
 * reading (so the archive and the index cannot drift apart; restored when the archive fails), and
 * {@code afterArchive} runs once the archive is committed, verified and its event delivered.
 */
public record Lifecycle(boolean writeBlock, PostArchiveAction afterArchive) {
  public static final Lifecycle DEFAULT = new Lifecycle(true, PostArchiveAction.NONE);
}
