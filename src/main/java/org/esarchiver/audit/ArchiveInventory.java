package org.esarchiver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.esarchiver.sink.Manifest;

/**
 * The committed archives on the archive filesystem: partition directories holding a {@code _manifest.json}, found by
 * walking down from a job's root. Directories whose name starts with _ or . are not entered: staging directories and
 * archives set aside by a forced re-archive are not committed archives, and query engines skip them too. For each
 * archive, the manifest is read and the footer of each Parquet file in the directory, for its row count.
 */
public final class ArchiveInventory {
  private final FileSystem fs;
  private final Configuration conf;
  private final ObjectMapper json = new ObjectMapper();

  public ArchiveInventory(FileSystem fs, Configuration conf) {
    this.fs = fs;
    this.conf = conf;
  }

  /** Every archive at or below {@code root} (a qualified path), in path order; none when the root does not exist. */
  public List<InspectedArchive> below(String root) {
    List<InspectedArchive> archives = new ArrayList<>();
    try {
      walk(new Path(root), archives);
    } catch (FileNotFoundException e) {
      // no archive of the job yet
    } catch (IOException e) {
      throw new AuditException("cannot list the archives under " + root + ": " + e.getMessage(), e);
    }
    return archives;
  }

  /** The archive at {@code location} (a partition directory), if a manifest is there. */
  public Optional<InspectedArchive> at(String location) {
    Path directory = new Path(location);
    try {
      FileStatus[] entries = fs.listStatus(directory);
      return hasManifest(entries) ? Optional.of(inspect(directory, entries)) : Optional.empty();
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new AuditException("cannot list " + location + ": " + e.getMessage(), e);
    }
  }

  private void walk(Path directory, List<InspectedArchive> archives) throws IOException {
    FileStatus[] entries = fs.listStatus(directory);
    Arrays.sort(entries, Comparator.comparing(FileStatus::getPath));
    if (hasManifest(entries)) {
      archives.add(inspect(directory, entries));
      return;
    }
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (entry.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
        walk(entry.getPath(), archives);
      }
    }
  }

  private static boolean hasManifest(FileStatus[] entries) {
    return Arrays.stream(entries).anyMatch(e -> e.isFile() && e.getPath().getName().equals(Manifest.FILE_NAME));
  }

  private InspectedArchive inspect(Path directory, FileStatus[] entries) {
    String location = fs.makeQualified(directory).toString();
    Path manifestFile = new Path(directory, Manifest.FILE_NAME);
    JsonNode manifest;
    try (InputStream in = fs.open(manifestFile)) {
      manifest = json.readTree(in);
    } catch (IOException e) {
      return new UnreadableArchive(location, "cannot read " + Manifest.FILE_NAME + ": " + e.getMessage());
    }
    List<String> missing = new ArrayList<>();
    String job = text(manifest, "job", missing);
    String index = text(manifest, "index", missing);
    String runId = text(manifest, "run_id", missing);
    if (!manifest.path("rows").canConvertToExactIntegral()) {
      missing.add("rows");
    }
    Map<String, Long> listed = new HashMap<>();
    if (!manifest.path("files").isArray()) {
      missing.add("files");
    }
    for (JsonNode file : manifest.path("files")) {
      if (!file.path("name").isTextual() || !file.path("rows").canConvertToExactIntegral()) {
        missing.add("files[].name and rows");
        break;
      }
      listed.put(file.path("name").asText(), file.path("rows").asLong());
    }
    if (!missing.isEmpty()) {
      return new UnreadableArchive(location, Manifest.FILE_NAME + " lacks " + String.join(", ", missing));
    }
    Map<String, Long> footerRows = new HashMap<>();
    Map<String, String> unreadable = new HashMap<>();
    for (FileStatus entry : entries) {
      if (entry.isFile() && entry.getPath().getName().endsWith(".parquet")) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(entry, conf))) {
          footerRows.put(entry.getPath().getName(), reader.getRecordCount());
        } catch (IOException | RuntimeException e) {
          unreadable.put(entry.getPath().getName(), String.valueOf(e.getMessage()));
        }
      }
    }
    return new CommittedArchive(location, job, index, runId, manifest.path("rows").asLong(), listed, footerRows,
        unreadable);
  }

  private static String text(JsonNode manifest, String field, List<String> missing) {
    JsonNode value = manifest.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      missing.add(field);
      return null;
    }
    return value.asText();
  }
}
