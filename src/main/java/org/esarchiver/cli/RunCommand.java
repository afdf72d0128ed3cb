package org.esarchiver.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.esarchiver.app.Archiver;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.job.AbortSwitch;
import org.esarchiver.job.IndexOutcome;
import org.esarchiver.job.JobRunner;
import org.esarchiver.job.ProgressListener;
import org.esarchiver.job.RunOptions;
import org.esarchiver.job.RunReport;
import org.esarchiver.selection.Window;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code run JOB}: archives what is due now, then prints one summary row per index. */
@Command(mixinStandardHelpOptions = true, name = "run", description = "Archive the indices of JOB that are due now.")
final class RunCommand implements Callable<Integer> {
  /** How long a run waits at its end for Kafka to acknowledge its events. */
  private static final java.time.Duration EVENT_DELIVERY_WAIT = java.time.Duration.ofSeconds(30);

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "Job name: a file jobs/JOB.yaml.")
  String jobName;

  @Mixin
  RunFlags flags;

  @Override
  public Integer call() {
    return execute(main, spec, jobName,
        new RunOptions(flags.dryRun, flags.onlyIndices(), flags.force, Window.BY_AGE));
  }

  /**
   * Runs the job (run and backfill share this) and prints the summary; the exit code says how it went. SIGTERM or
   * SIGINT aborts the run (see {@link StopSignals}) and exits with 143 or 130.
   */
  static int execute(Main main, CommandSpec spec, String jobName, RunOptions options) {
    JobDefinition job = main.job(jobName);
    ArchiverConfig config = main.archiverConfig();
    PrintWriter out = spec.commandLine().getOut();
    AbortSwitch abort = new AbortSwitch();
    try (StopSignals signals = StopSignals.install(abort, config.scheduler().shutdownGrace());
        Archiver archiver = Archiver.open(config, !options.dryRun());
        ConsoleProgress progress = ConsoleProgress.forConsole()) {
      RunReport report = archiver.runner().run(job, options, progress, abort);
      progress.close();
      printSummary(out, report);
      if (!options.dryRun()) {
        reportUndelivered(spec, archiver.deliverEvents(signals.within(EVENT_DELIVERY_WAIT)),
            archiver.deliveryProblem());
      }
      if (signals.exitCode().isPresent()) {
        spec.commandLine().getErr().printf("error: %s: the run was aborted; nothing of the aborted index was "
            + "committed%n", abort.reason().orElseThrow());
        return signals.exitCode().get();
      }
      return report.ok() ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  /** Events are stored before they are sent: ones Kafka did not take yet are delivered by the next process. */
  private static void reportUndelivered(CommandSpec spec, long pending, String problem) {
    if (pending > 0) {
      spec.commandLine().getErr().printf("warning: %d audit events are waiting in the outbox%s; the next run or the "
          + "scheduler delivers them (nothing is lost)%n", pending, problem.isEmpty() ? "" : " (" + problem + ")");
    }
  }

  private static void printSummary(PrintWriter out, RunReport report) {
    out.println();
    if (report.outcomes().isEmpty()) {
      out.printf("Job %s: nothing is due (run %s).%n", report.job(), report.runId());
      return;
    }
    Table table = new Table("INDEX", "OUTCOME", "DOCS", "PARQUET", "FILES", "SECONDS", "DETAIL")
        .alignRight(2, 3, 4, 5);
    for (IndexOutcome o : report.outcomes()) {
      String detail = o.problem().or(o::note).map(text -> text + (o.status() == IndexOutcome.Status.FAILED
          ? "" : " (" + o.path() + ")")).orElse(o.path());
      boolean wrote = o.status() == IndexOutcome.Status.ARCHIVED;
      table.add(o.index(), o.status().name().toLowerCase().replace('_', ' '), Table.count(o.documents()),
          wrote ? Table.bytes(o.bytes()) : "-", wrote ? o.files() : "-",
          String.format(java.util.Locale.ROOT, "%.1f", o.seconds()), detail);
    }
    table.print(out);
    long notStarted = report.outcomes().stream()
        .filter(o -> o.note().filter(JobRunner.NOT_STARTED::equals).isPresent()).count();
    out.printf("%sjob %s, run %s: %d archived, %d skipped, %d failed%s%s%n", report.dryRun() ? "dry run: " : "",
        report.job(), report.runId(), report.count(IndexOutcome.Status.ARCHIVED),
        report.count(IndexOutcome.Status.SKIPPED), report.count(IndexOutcome.Status.FAILED),
        notStarted > 0 ? " (" + notStarted + " " + JobRunner.NOT_STARTED + ")" : "",
        report.dryRun() ? ", " + report.count(IndexOutcome.Status.WOULD_ARCHIVE) + " would be archived" : "");
  }

  /** Progress on a terminal as live bars; elsewhere as periodic log lines. */
  interface ConsoleProgress extends ProgressListener, AutoCloseable {
    @Override
    void close();

    static ConsoleProgress forConsole() {
      return System.console() != null ? new TerminalProgress() : new LogProgress();
    }
  }
}
