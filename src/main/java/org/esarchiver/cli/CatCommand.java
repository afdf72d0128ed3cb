package org.esarchiver.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.esarchiver.app.ArchiveBrowser;
import org.esarchiver.convert.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cat ARCHIVE_PATH}: archived rows as the hits they were, one JSON line each. */
@Command(mixinStandardHelpOptions = true, name = "cat", description = {
    "Print the rows of an archive as {\"_id\", \"_index\", \"_source\"} JSON lines, _source rebuilt from the typed "
        + "columns and the overflow column.",
    "ARCHIVE_PATH is a partition directory or a Parquet file: a full URI, or a path on hadoop.default_fs."})
final class CatCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "ARCHIVE_PATH", description = "e.g. /archive/access-logs/dt=2024-05-17")
  String archivePath;

  @Option(names = "--limit", paramLabel = "N", description = "At most N rows (default: all).")
  long limit = Long.MAX_VALUE;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 or more");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (ArchiveBrowser browser = ArchiveBrowser.open(main.archiverConfig())) {
      browser.hits(archivePath, limit, hit -> out.println(JsonText.escapeLoneSurrogates(hit.toString())));
    }
    out.flush();
    return ExitCode.OK;
  }
}
