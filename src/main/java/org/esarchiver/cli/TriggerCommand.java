package org.esarchiver.cli;

import java.util.concurrent.Callable;
import org.esarchiver.job.RunOptions;
import org.esarchiver.selection.Window;
import org.esarchiver.state.RunHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trigger JOB}: a manual run now, here or (with --via-scheduler) on whichever scheduler node is free. */
@Command(mixinStandardHelpOptions = true, name = "trigger",
    description = "Run JOB now, whatever its schedule: in this process, or queued for the scheduler nodes.")
final class TriggerCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "Job name: a file jobs/JOB.yaml.")
  String jobName;

  @Mixin
  RunFlags flags;

  @Option(names = "--via-scheduler", description = "Queue the run in the shared job store instead of running it here.")
  boolean viaScheduler;

  @Override
  public Integer call() {
    RunOptions options = new RunOptions(flags.dryRun, flags.onlyIndices(), flags.force, Window.BY_AGE);
    if (viaScheduler) {
      return QueuedRun.queue(main, spec, jobName, RunHistory.Kind.MANUAL, options);
    }
    return RunCommand.execute(main, spec, jobName, options);
  }
}
