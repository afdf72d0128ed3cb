package org.esarchiver.lifecycle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a run changed on an index before reading it, kept in {@code <state_dir>/guards/<job>/<index>.json} until the
 * index is archived or restored. Written before the change, so a run that dies (even by SIGKILL) leaves the record
 * the next run needs to undo it, or to know that the block it finds is its own.
 */
final class GuardJournal {
  /** {@code previousWriteBlock} is "true", "false" or null (not set). */
  record Entry(String job, String index, String runId, String path, String previousWriteBlock, boolean blocked,
      boolean opened) {}

  private final Path root;
  private final ObjectMapper json = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  GuardJournal(Path stateDir) {
    this.root = stateDir.resolve("guards");
  }

  Optional<Entry> read(String job, String index) {
    Path file = file(job, index);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), Entry.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  void write(Entry entry) {
    Path file = file(entry.job(), entry.index());
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling("." + file.getFileName() + ".tmp");
      json.writeValue(partial.toFile(), entry);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  void delete(String job, String index) {
    try {
      Files.deleteIfExists(file(job, index));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file(job, index) + ": " + e.getMessage(), e);
    }
  }

  List<Entry> all(String job) {
    Path dir = root.resolve(job);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        entries.add(json.readValue(file.toFile(), Entry.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    return entries;
  }

  private Path file(String job, String index) {
    return root.resolve(job).resolve(index + ".json");
  }
}
