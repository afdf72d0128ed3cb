package org.esarchiver.schedule;

import java.util.Optional;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.job.AbortSwitch;
import org.esarchiver.job.IndexOutcome;
import org.esarchiver.job.ProgressListener;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive of one index of a run, on whichever node took it. Recoverable: if the node dies, another node archives
 * the index again from the start (what the dead one staged is removed; nothing of it was committed). Interrupted by a
 * stop that ran out of grace time, it aborts at the next page: nothing committed, a failure event.
 */
final class IndexJob implements InterruptableJob {
  static final String JOB = "job";
  static final String RUN_ID = "run_id";
  static final String INDEX = "index";
  private static final Logger LOG = LoggerFactory.getLogger(IndexJob.class);

  private final SchedulerService service;
  private final AbortSwitch abort = new AbortSwitch();

  IndexJob(SchedulerService service) {
    this.service = service;
  }

  @Override
  public void execute(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    String jobName = data.getString(JOB);
    String runId = data.getString(RUN_ID);
    String index = data.getString(INDEX);
    RunRequest request = RunRequest.fromData(data);
    Optional<JobDefinition> job = service.job(jobName);
    if (job.isEmpty()) {
      LOG.error("{}: not archived: no valid file for job {} on node {}", index, jobName, service.node());
      return;
    }
    if (context.isRecovering()) {
      LOG.warn("{}: run {} of job {}: taking over the index from a node that stopped", index, runId, jobName);
    }
    IndexOutcome outcome = service.runner().archiveIndex(job.get(), runId, request.window(), index, request.force(),
        abort.guard(ProgressListener.NONE));
    service.metrics().indexFinished(jobName, outcome);
    service.runner().finishIfDone(job.get(), runId);
  }

  @Override
  public void interrupt() {
    abort.abort("the scheduler on " + service.node() + " is stopping and its grace period ended");
  }
}
