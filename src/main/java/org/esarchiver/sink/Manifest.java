package org.esarchiver.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * _manifest.json: what an archive holds and where it came from: counts (rows, and values kept in the overflow column
 * because they did not fit their typed column), files, the schema with each field's Elasticsearch type and original
 * name, schema warnings and conflicts with the job's earlier archives, and the index mapping. Written into the staging
 * directory before the atomic rename, so a visible archive always has one; its presence is what marks an index as
 * archived. {@code idChecksum} is the order-independent checksum of the archived _ids ({@code <count>:<hex>}) that
 * verification compared.
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
    long overflowValues,
    long overflowDocuments,
    String schemaFingerprint,
    JsonNode schema,
    Map<String, String> fieldTypes,
    Map<String, String> originalNames,
    List<String> schemaWarnings,
    List<String> schemaConflicts,
    JsonNode mapping,
    Instant started,
    Instant finished,
    double seconds,
    String idChecksum) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "_manifest.json";
  public static final String SUCCESS_MARKER = "_SUCCESS";
}
