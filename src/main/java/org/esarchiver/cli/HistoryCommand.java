package org.esarchiver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.state.RunHistory;
import org.esarchiver.state.StateDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code history [JOB]}: past runs, newest first, with each index's outcome, from the state database. */
@Command(mixinStandardHelpOptions = true, name = "history",
    description = "Show past runs (of JOB, or of every job): start, end, node, outcome, and per index documents, "
        + "bytes and errors.")
final class HistoryCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "JOB", arity = "0..1", description = "Only the runs of this job.")
  String jobName;

  @Option(names = "--json", description = "One JSON document: the runs with their indices.")
  boolean json;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default: 20).")
  int limit;

  /** One run and its indices, as --json shows them. */
  record RunWithIndices(RunHistory.RunRecord run, List<RunHistory.IndexRecord> indices) {}

  @Override
  public Integer call() throws Exception {
    if (jobName != null) {
      main.job(jobName);
    }
    ArchiverConfig config = main.archiverConfig();
    PrintWriter out = spec.commandLine().getOut();
    try (StateDatabase database = StateDatabase.open(config.database(), config.stateDir())) {
      RunHistory history = new RunHistory(database, Clock.systemUTC());
      List<RunWithIndices> runs = new ArrayList<>();
      for (RunHistory.RunRecord run : history.runs(Optional.ofNullable(jobName), limit)) {
        runs.add(new RunWithIndices(run, history.indices(run.runId())));
      }
      if (json) {
        out.println(new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(java.util.Map.of("runs", runs)));
      } else {
        print(out, runs);
      }
    }
    return ExitCode.OK;
  }

  private void print(PrintWriter out, List<RunWithIndices> runs) {
    if (runs.isEmpty()) {
      out.println(jobName == null ? "No runs yet." : "No runs of job " + jobName + " yet.");
      return;
    }
    Table table = new Table("RUN", "JOB", "KIND", "NODE", "STARTED", "SECONDS", "STATUS", "INDEX", "DOCS", "PARQUET",
        "DETAIL").alignRight(5, 8, 9);
    for (RunWithIndices entry : runs) {
      RunHistory.RunRecord run = entry.run();
      String seconds = run.finished().map(end -> String.format(Locale.ROOT, "%.1f",
          Duration.between(run.started(), end).toMillis() / 1000.0)).orElse("-");
      table.add(run.runId(), run.job(), run.kind(), run.node(), run.started().toString(), seconds, run.status(),
          entry.indices().size() + " indices", Table.count(entry.indices().stream()
              .mapToLong(RunHistory.IndexRecord::documents).sum()),
          Table.bytes(entry.indices().stream().mapToLong(RunHistory.IndexRecord::bytes).sum()),
          run.detail().orElse(run.window()));
      for (RunHistory.IndexRecord index : entry.indices()) {
        table.add("", "", "", index.node().orElse("-"), "", String.format(Locale.ROOT, "%.1f", index.seconds()),
            index.status(), index.index(), Table.count(index.documents()), Table.bytes(index.bytes()),
            index.detail().or(index::path).orElse(""));
      }
    }
    table.print(out);
  }
}
