package org.esarchiver.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.esarchiver.config.ParquetOptions;

/**
 * The archive filesystem (HDFS, or any Hadoop FileSystem). An index is archived when its partition directory holds a
 * manifest; anything else under the archive root is either staging (prefixed with _, invisible to Spark, Hive and
 * Trino) or foreign.
 */
public final class ArchiveSink {
  static final String STAGING_PREFIX = "_staging.";
  static final String REPLACED_PREFIX = "_replaced.";

  private final FileSystem fs;
  private final Configuration conf;
  private final Path root;
  private final ObjectMapper json;

  /**
   * {@code root} is the path of the configured default filesystem URI: with file:///var/lib/es-archiver a
   * destination /archive/logs lands in /var/lib/es-archiver/archive/logs; with hdfs://namenode:8020 in /archive/logs.
   */
  public ArchiveSink(FileSystem fs, Configuration conf, String root) {
    this.fs = fs;
    this.conf = conf;
    this.root = new Path(root == null || root.isEmpty() ? "/" : root);
    this.json = ManifestJson.mapper();
  }

  /** Where a rendered destination (an absolute path such as /archive/logs/dt=2019-03-01) is on the filesystem. */
  private Path resolve(String partition) {
    String relative = partition.replaceFirst("^/+", "");
    return fs.makeQualified(relative.isEmpty() ? root : new Path(root, relative));
  }

  public String describe(String partition) {
    return resolve(partition).toString();
  }

  /** The manifest of an archive committed earlier, if there is one. */
  public Optional<Manifest> committedManifest(String partition) {
    Path manifest = new Path(resolve(partition), Manifest.FILE_NAME);
    try (InputStream in = fs.open(manifest)) {
      return Optional.of(json.readValue(in, Manifest.class));
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new SinkException("cannot read " + manifest + ": " + e.getMessage(), e);
    }
  }

  /**
   * The Parquet files of an archive, in name order: {@code archivePath} is a partition directory or one file, as a
   * full URI (hdfs://..., file:///...) or a path resolved like destinations are.
   */
  public List<Path> dataFiles(String archivePath) {
    Path path = archivePath.contains("://") ? new Path(archivePath) : resolve(archivePath);
    try {
      FileSystem pathFs = path.getFileSystem(conf);
      if (pathFs.getFileStatus(path).isFile()) {
        return List.of(path);
      }
      FileStatus[] files = pathFs.listStatus(path, p -> p.getName().endsWith(".parquet"));
      Arrays.sort(files);
      return Arrays.stream(files).map(FileStatus::getPath).toList();
    } catch (java.io.FileNotFoundException e) {
      throw new SinkException("no archive at " + path);
    } catch (IOException e) {
      throw new SinkException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The range of a timestamp column over the archive's files, from the row groups' statistics in the footers (no data
   * is read); empty when the column is not a timestamp or holds no value.
   */
  public Optional<TimeRange> timeRange(String partition, String column, String field) {
    Instant from = null;
    Instant to = null;
    for (Path file : dataFiles(partition)) {
      try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
          org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, conf))) {
        for (org.apache.parquet.hadoop.metadata.BlockMetaData block : reader.getFooter().getBlocks()) {
          for (org.apache.parquet.hadoop.metadata.ColumnChunkMetaData chunk : block.getColumns()) {
            if (!chunk.getPath().toDotString().equals(column)
                || !(chunk.getPrimitiveType().getLogicalTypeAnnotation() instanceof
                    org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp)
                || chunk.getStatistics() == null || !chunk.getStatistics().hasNonNullValue()) {
              continue;
            }
            Instant min = instant((Long) chunk.getStatistics().genericGetMin(), timestamp.getUnit());
            Instant max = instant((Long) chunk.getStatistics().genericGetMax(), timestamp.getUnit());
            from = from == null || min.isBefore(from) ? min : from;
            to = to == null || max.isAfter(to) ? max : to;
          }
        }
      } catch (IOException e) {
        throw new SinkException("cannot read the footer of " + file + ": " + e.getMessage(), e);
      }
    }
    return from == null ? Optional.empty() : Optional.of(new TimeRange(field, from, to));
  }

  private static Instant instant(long value, org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> Instant.ofEpochMilli(value);
      case MICROS -> Instant.EPOCH.plus(value, java.time.temporal.ChronoUnit.MICROS);
      case NANOS -> Instant.EPOCH.plusNanos(value);
    };
  }

  public Configuration configuration() {
    return conf;
  }

  /** The field types of the job's archives so far, from {@code _schema.json} at the job root. */
  public JobSchema jobSchema(String jobRoot) {
    Path file = new Path(resolve(jobRoot), JobSchema.FILE_NAME);
    try (InputStream in = fs.open(file)) {
      return json.readValue(in, JobSchema.class);
    } catch (java.io.FileNotFoundException e) {
      return JobSchema.empty();
    } catch (IOException e) {
      throw new SinkException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces {@code _schema.json} in one rename, so a reader sees the old or the new version, never a part. */
  public void saveJobSchema(String jobRoot, JobSchema schema, String runId) {
    Path file = new Path(resolve(jobRoot), JobSchema.FILE_NAME);
    Path partial = new Path(resolve(jobRoot), "_" + JobSchema.FILE_NAME + "." + runId);
    try {
      try (java.io.OutputStream out = fs.create(partial, true)) {
        json.writeValue(out, schema);
      }
      org.apache.hadoop.fs.FileContext.getFileContext(fs.getUri(), conf)
          .rename(partial, file, org.apache.hadoop.fs.Options.Rename.OVERWRITE);
    } catch (IOException e) {
      throw new SinkException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens a staging directory beside the partition (same filesystem and parent, so the final rename is atomic); its
   * name starts with _ so query engines never read it. With {@code replace}, an archive already at the partition path
   * is replaced at commit; without, any existing partition directory is an error.
   */
  public StagedArchive stage(String partition, String runId, ParquetOptions parquet, boolean replace) {
    Path target = resolve(partition);
    Path staging = new Path(target.getParent(), STAGING_PREFIX + target.getName() + "." + runId);
    try {
      boolean archived = fs.exists(new Path(target, Manifest.FILE_NAME));
      if (fs.exists(target) && !(replace && archived)) {
        throw new SinkException(target + (archived ? " is already archived; --force replaces it"
            : " already exists but holds no " + Manifest.FILE_NAME
                + ": it was not written by a completed es-archiver run; move it away to archive this index"));
      }
      if (fs.exists(staging) && !fs.delete(staging, true)) {
        // left by an attempt of this same run on a node that died (the scheduler recovered the index here)
        throw new SinkException("cannot remove the staging directory " + staging + " of an earlier attempt");
      }
      if (!fs.mkdirs(staging)) {
        throw new SinkException("cannot create staging directory " + staging);
      }
    } catch (IOException e) {
      throw new SinkException("cannot prepare " + target + ": " + e.getMessage(), e);
    }
    return new StagedArchive(fs, conf, json, parquet, staging, target, runId, replace);
  }

  public StagedArchive stage(String partition, String runId, ParquetOptions parquet) {
    return stage(partition, runId, parquet, false);
  }

  /** What a run that died left beside a partition, and what the cleanup did with it. */
  public record Leftover(String runId, String path, String action) {
    static final String PUT_BACK = "put back the archive it was replacing";

    /** Whether the cleanup put an archive back at the partition path. */
    public boolean restoredArchive() {
      return action.equals(PUT_BACK);
    }
  }

  /**
   * Removes what runs other than {@code runId} left beside the partition: staging directories (a run died before its
   * commit: nothing of it was ever visible) and replaced archives (a forced re-archive died between its two renames:
   * the old archive is put back when the partition is absent, deleted when the new one is in place).
   */
  public List<Leftover> cleanLeftovers(String partition, String runId) {
    Path target = resolve(partition);
    List<Leftover> leftovers = new ArrayList<>();
    try {
      if (!fs.exists(target.getParent())) {
        return leftovers;
      }
      FileStatus[] siblings = fs.listStatus(target.getParent());
      Arrays.sort(siblings, Comparator.comparing(FileStatus::getPath));
      for (FileStatus sibling : siblings) {
        String name = sibling.getPath().getName();
        Optional<String> stagedBy = runIdOf(name, STAGING_PREFIX, target.getName());
        Optional<String> replacedBy = runIdOf(name, REPLACED_PREFIX, target.getName());
        if (stagedBy.isPresent() && !stagedBy.get().equals(runId)) {
          fs.delete(sibling.getPath(), true);
          leftovers.add(new Leftover(stagedBy.get(), sibling.getPath().toString(), "removed its staging directory"));
        } else if (replacedBy.isPresent() && !replacedBy.get().equals(runId)) {
          if (fs.exists(target)) {
            fs.delete(sibling.getPath(), true);
            leftovers.add(new Leftover(replacedBy.get(), sibling.getPath().toString(),
                "removed the archive it had replaced"));
          } else {
            FileContext.getFileContext(fs.getUri(), conf).rename(sibling.getPath(), target, Options.Rename.NONE);
            leftovers.add(new Leftover(replacedBy.get(), sibling.getPath().toString(), Leftover.PUT_BACK));
          }
        }
      }
      return leftovers;
    } catch (IOException e) {
      throw new SinkException("cannot clean up beside " + target + ": " + e.getMessage(), e);
    }
  }

  /** The run id in {@code <prefix><partition>.<run id>}; run ids hold no dot, so dt=2024 never matches dt=2024.x. */
  private static Optional<String> runIdOf(String name, String prefix, String partitionName) {
    String start = prefix + partitionName + ".";
    if (!name.startsWith(start) || name.length() == start.length()) {
      return Optional.empty();
    }
    String runId = name.substring(start.length());
    return runId.contains(".") ? Optional.empty() : Optional.of(runId);
  }
}
