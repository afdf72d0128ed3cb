package org.esarchiver.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.esarchiver.job.RunOptions;
import org.esarchiver.selection.Window;
import org.esarchiver.state.RunHistory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backfill JOB --from DATE --to DATE}: archives every index of the job dated within the range, whatever its
 * age. Resumable: indices already archived are skipped, so a rerun continues where a stopped one ended.
 */
@Command(mixinStandardHelpOptions = true, name = "backfill",
    description = "Archive every index of JOB dated from DATE to DATE (both included), whatever its age.")
final class BackfillCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "Job name: a file jobs/JOB.yaml.")
  String jobName;

  @Mixin
  RunFlags flags;

  @Option(names = "--from", paramLabel = "DATE", required = true, description = "First date, yyyy-MM-dd.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "DATE", required = true, description = "Last date, yyyy-MM-dd.")
  LocalDate to;

  @Option(names = "--via-scheduler", description = "Queue the backfill in the shared job store instead of running it "
      + "here.")
  boolean viaScheduler;

  @Override
  public Integer call() {
    if (from.isAfter(to)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--from " + from + " is after --to " + to + "; expected a range from an earlier date to a later one");
    }
    RunOptions options = new RunOptions(flags.dryRun, flags.onlyIndices(), flags.force, Window.backfill(from, to));
    return viaScheduler ? QueuedRun.queue(main, spec, jobName, RunHistory.Kind.BACKFILL, options)
        : RunCommand.execute(main, spec, jobName, options);
  }
}
