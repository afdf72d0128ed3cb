package org.esarchiver.schedule;

import java.util.Optional;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.job.JobRunner;
import org.esarchiver.state.RunHistory;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fire of an es-archiver job (cron, manual or backfill): begins the run and queues one index job per due index, for
 * any node to take. Recoverable: a fire whose node died is fired again elsewhere and resumes the same run (the fire's
 * key finds it), queuing only what is not queued yet.
 */
@DisallowConcurrentExecution
final class RunJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(RunJob.class);

  private final SchedulerService service;

  RunJob(SchedulerService service) {
    this.service = service;
  }

  @Override
  public void execute(JobExecutionContext context) {
    String jobName = context.getJobDetail().getKey().getName();
    RunRequest request = RunRequest.fromData(context.getMergedJobDataMap());
    Optional<JobDefinition> job = service.job(jobName);
    if (job.isEmpty()) {
      LOG.error("job {}: fire skipped: no valid job file for it on node {}", jobName, service.node());
      return;
    }
    try {
      JobRunner.StartedRun run = service.runner().begin(job.get(), request.options(), request.kind(),
          Optional.of(fireKey(context)));
      for (String index : run.indices()) {
        service.scheduler().queueIndex(jobName, run.runId(), index, request);
      }
      if (run.indices().isEmpty()) {
        service.runner().finishIfDone(job.get(), run.runId());
      }
      service.metrics().runStarted(jobName);
    } catch (RunHistory.Busy e) {
      LOG.warn("job {}: fire skipped: {}", jobName, e.getMessage());
      service.metrics().fireSkipped(jobName);
    } catch (RuntimeException e) {
      LOG.error("job {}: the run could not start: {}", jobName, e.getMessage());
      service.metrics().fireSkipped(jobName);
    }
  }

  /** The same for a fire and its recovery: the original trigger and scheduled time. */
  private static String fireKey(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    if (context.isRecovering() && data.containsKey(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS)) {
      return data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP) + "."
          + data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME) + "@"
          + data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS);
    }
    return context.getTrigger().getKey() + "@" + context.getScheduledFireTime().getTime();
  }
}
