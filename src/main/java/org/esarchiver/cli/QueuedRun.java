package org.esarchiver.cli;

import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.job.RunOptions;
import org.esarchiver.schedule.RunQueue;
import org.esarchiver.state.RunHistory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The --via-scheduler side of trigger and backfill: checks the job here, then queues it in the job store. */
final class QueuedRun {
  private QueuedRun() {}

  static int queue(Main main, CommandSpec spec, String jobName, RunHistory.Kind kind, RunOptions options) {
    if (options.dryRun()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--dry-run cannot be combined with --via-scheduler; expected one of them");
    }
    main.job(jobName);
    ArchiverConfig config = main.archiverConfig();
    String trigger = RunQueue.queue(config, jobName, kind, options);
    spec.commandLine().getOut().printf("queued a %s run of job %s (trigger %s) in %s; a scheduler node runs it "
        + "as soon as one is free (see: history %s)%n", kind.label(), jobName, trigger,
        config.database().describe(), jobName);
    return ExitCode.OK;
  }
}
