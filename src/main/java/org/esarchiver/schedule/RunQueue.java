package org.esarchiver.schedule;

import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.job.RunOptions;
import org.esarchiver.state.RunHistory;
import org.esarchiver.state.StateDatabase;
import org.quartz.SchedulerException;

/** Queues one-off runs in the job store from a process that is not a scheduler node (trigger/backfill). */
public final class RunQueue {
  private RunQueue() {}

  /** Returns the name of the one-off trigger queued. */
  public static String queue(ArchiverConfig config, String jobName, RunHistory.Kind kind, RunOptions options) {
    RunRequest request = new RunRequest(kind, options.window().from(), options.window().to(), options.force(),
        options.onlyIndices());
    try (StateDatabase database = StateDatabase.open(config.database(), config.stateDir());
        ArchiveScheduler scheduler = ArchiveScheduler.open(database, config.scheduler(),
            "queue-" + StateDatabase.localNode().replace(':', '-'), (bundle, quartz) -> {
              throw new SchedulerException("this process runs no jobs");
            })) {
      return scheduler.queue(jobName, request);
    }
  }

}
