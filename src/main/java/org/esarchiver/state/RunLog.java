package org.esarchiver.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.esarchiver.job.RunReport;

/**
 * Keeps the report of every run under the state directory, {@code runs/<job>/<run id>.json}, so operators can look
 * back at what each run did without the audit topic.
 */
public final class RunLog {
  private final Path runsDir;
  private final ObjectMapper json = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public RunLog(Path stateDir) {
    this.runsDir = stateDir.resolve("runs");
  }

  /** Writes the report atomically (temporary file, then rename) and returns where it went. */
  public Path record(RunReport report) throws IOException {
    Path dir = Files.createDirectories(runsDir.resolve(report.job()));
    Path file = dir.resolve(report.runId() + ".json");
    Path partial = dir.resolve("." + report.runId() + ".json.tmp");
    json.writeValue(partial.toFile(), report);
    return Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
