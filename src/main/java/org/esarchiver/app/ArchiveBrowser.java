package org.esarchiver.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.convert.ArchiveRowReader;
import org.esarchiver.convert.SourceRebuilder;
import org.esarchiver.sink.ArchiveSink;
import org.esarchiver.sink.SinkException;

/**
 * Reads archives back without Elasticsearch: each row rebuilt into the hit it came from, {_id, _index, _source}, from
 * the typed columns and the overflow column, with the schema stored in each file.
 */
public final class ArchiveBrowser implements AutoCloseable {
  private final FileSystem fs;
  private final ArchiveSink sink;

  private ArchiveBrowser(FileSystem fs, ArchiveSink sink) {
    this.fs = fs;
    this.sink = sink;
  }

  public static ArchiveBrowser open(ArchiverConfig config) {
    Configuration conf = HadoopFileSystems.configuration(config.hadoop());
    FileSystem fs = HadoopFileSystems.open(config.hadoop(), conf);
    return new ArchiveBrowser(fs, new ArchiveSink(fs, conf, config.hadoop().defaultFs().getPath()));
  }

  /** Hands at most {@code limit} rebuilt hits of the archive at {@code archivePath} to {@code hits}; returns how many. */
  public long hits(String archivePath, long limit, Consumer<ObjectNode> hits) {
    long[] shown = {0};
    for (Path file : sink.dataFiles(archivePath)) {
      if (shown[0] >= limit) {
        break;
      }
      try (ArchiveRowReader reader = ArchiveRowReader.open(file, sink.configuration())) {
        SourceRebuilder rebuilder = SourceRebuilder.forAvroSchema(reader.schema());
        for (var row = reader.read(); row != null && shown[0] < limit; row = reader.read()) {
          hits.accept(rebuilder.rebuildHit(row));
          shown[0]++;
        }
      } catch (IOException e) {
        throw new SinkException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return shown[0];
  }

  @Override
  public void close() {
    try {
      fs.close();
    } catch (IOException e) {
      // nothing was written through it
    }
  }
}
