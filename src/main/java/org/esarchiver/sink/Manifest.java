package org.esarchiver.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * _manifest.json: what an archive holds and where it came from. Written into the staging directory before the atomic
 * rename, so a visible archive always has one; its presence is what marks an index as archived.
 */
public record Manifest(
    int formatVersion,
    String job,
    String index,
    String runId,
    String path,
    long documentCount,
    long sourceStoreBytes,
    int slices,
    List<WrittenFile> files,
    long rows,
    long bytes,
    String compression,
    String schemaFingerprint,
    JsonNode schema,
    JsonNode mapping,
    Instant started,
    Instant finished,
    double seconds) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "_manifest.json";
  public static final String SUCCESS_MARKER = "_SUCCESS";
}
