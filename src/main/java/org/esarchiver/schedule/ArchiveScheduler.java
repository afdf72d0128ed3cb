package org.esarchiver.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.config.Schedule;
import org.esarchiver.config.SchedulerSettings;
import org.esarchiver.state.StateDatabase;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.JobFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The Quartz side of the service: a JDBC job store in the state database (clustered when that is PostgreSQL), one
 * durable "run" job per es-archiver job with its cron trigger, one-off triggers for manual runs and backfills, and one
 * recoverable job per index of a run, which any node may pick up.
 */
public final class ArchiveScheduler implements AutoCloseable {
  static final String RUNS = "runs";
  static final String CRON = "cron";
  static final String MANUAL = "manual";
  static final String INDICES = "indices";
  private static final String DATA_SOURCE = "esarchiver";

  private final Scheduler scheduler;

  private ArchiveScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Opens the scheduler on the state database without starting it: {@code trigger --via-scheduler} only writes to the
   * store; {@code schedule} then calls {@link #start}.
   */
  public static ArchiveScheduler open(StateDatabase database, SchedulerSettings settings, String node,
      JobFactory jobs) {
    DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
      @Override
      public Connection getConnection() throws SQLException {
        return database.connection();
      }

      @Override
      public void shutdown() {}

      @Override
      public void initialize() {}
    });
    Properties props = new Properties();
    props.setProperty("org.quartz.scheduler.instanceName", "es-archiver");
    props.setProperty("org.quartz.scheduler.instanceId", node);
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    // Poll the store often: triggers queued by other processes (trigger --via-scheduler) are seen within 2 s.
    props.setProperty("org.quartz.scheduler.idleWaitTime", "2000");
    props.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threads()));
    props.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    props.setProperty("org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    props.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
    props.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
    props.setProperty("org.quartz.jobStore.useProperties", "true");
    props.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(settings.misfireThreshold().toMillis()));
    props.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(!database.embedded()));
    props.setProperty("org.quartz.jobStore.clusterCheckinInterval", "2000");
    props.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    try {
      StdSchedulerFactory factory = new StdSchedulerFactory(props);
      Scheduler scheduler = factory.getScheduler();
      scheduler.setJobFactory(jobs);
      return new ArchiveScheduler(scheduler);
    } catch (SchedulerException e) {
      throw new ScheduleException("cannot open the scheduler on " + database.description() + ": " + e.getMessage(),
          e);
    }
  }

  public void start() {
    call(() -> {
      scheduler.start();
      return null;
    });
  }

  /** Stops taking new fires; what runs goes on. */
  public void standby() {
    call(() -> {
      scheduler.standby();
      return null;
    });
  }

  Scheduler quartz() {
    return scheduler;
  }

  /**
   * Registers the job's run job, and its cron trigger if it has a schedule. A trigger with the same cron, time zone
   * and misfire policy is left as it is (so restarts and other nodes do not reset it); a changed one is replaced.
   * Returns the next fire time, if any.
   */
  public Optional<Date> register(JobDefinition job) {
    return call(() -> {
      try {
        return registerOnce(job);
      } catch (ObjectAlreadyExistsException registeredMeanwhile) {
        // Another node starting at the same moment stored the trigger between our check and our store: it is there
        // now, so a second pass finds it and compares.
        return registerOnce(job);
      }
    });
  }

  /** Stores the job's run job unless it is stored; returns its key. */
  private JobKey ensureRunJob(String jobName) throws SchedulerException {
    JobKey key = runJobKey(jobName);
    if (!scheduler.checkExists(key)) {
      try {
        scheduler.addJob(runJob(jobName), false);
      } catch (ObjectAlreadyExistsException storedMeanwhile) {
        // another node or process stored the same job between the check and the store: it is there, as wanted
      }
    }
    return key;
  }

  private Optional<Date> registerOnce(JobDefinition job) throws SchedulerException {
    JobKey key = ensureRunJob(job.name());
    TriggerKey triggerKey = new TriggerKey(job.name(), CRON);
    Trigger existing = scheduler.getTrigger(triggerKey);
    if (job.schedule().isEmpty()) {
      if (existing != null) {
        scheduler.unscheduleJob(triggerKey);
      }
      return Optional.<Date>empty();
    }
    Schedule schedule = job.schedule().get();
    if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(schedule.cron())
        && cron.getTimeZone().getID().equals(TimeZone.getTimeZone(schedule.timeZone()).getID())
        && cron.getMisfireInstruction() == misfireInstruction(schedule)) {
      return Optional.ofNullable(cron.getNextFireTime());
    }
    CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(schedule.cron())
        .inTimeZone(TimeZone.getTimeZone(schedule.timeZone()));
    cron = schedule.misfire() == Schedule.Misfire.SKIP ? cron.withMisfireHandlingInstructionDoNothing()
        : cron.withMisfireHandlingInstructionFireAndProceed();
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(key).withSchedule(cron).build();
    Date next = existing == null ? scheduler.scheduleJob(trigger) : scheduler.rescheduleJob(triggerKey, trigger);
    return Optional.ofNullable(next);
  }

  /** Removes the job's cron trigger (its file is gone); queued one-off runs stay. */
  public void unschedule(String jobName) {
    call(() -> scheduler.unscheduleJob(new TriggerKey(jobName, CRON)));
  }

  /** The names of the jobs with a cron trigger in the store. */
  public Set<String> scheduledJobs() {
    return call(() -> {
      Set<String> names = new java.util.TreeSet<>();
      scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(CRON)).forEach(k -> names.add(k.getName()));
      return names;
    });
  }

  /** Queues a one-off run of the job, picked up by whichever node is free; returns the trigger's name. */
  public String queue(String jobName, RunRequest request) {
    return call(() -> {
      JobKey key = ensureRunJob(jobName);
      String name = jobName + "." + UUID.randomUUID().toString().substring(0, 8);
      scheduler.scheduleJob(TriggerBuilder.newTrigger().withIdentity(name, MANUAL).forJob(key)
          .usingJobData(request.toData()).startNow()
          .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build());
      return name;
    });
  }

  /** Queues the archive of one index of a run, unless it is queued already (a recovered run queuing again). */
  void queueIndex(String jobName, String runId, String index, RunRequest request) {
    call(() -> {
      JobKey key = new JobKey(runId + "/" + index, INDICES);
      if (scheduler.checkExists(key)) {
        return null;
      }
      JobDataMap data = request.toData();
      data.put(IndexJob.JOB, jobName);
      data.put(IndexJob.RUN_ID, runId);
      data.put(IndexJob.INDEX, index);
      JobDetail detail = JobBuilder.newJob(IndexJob.class).withIdentity(key).usingJobData(data)
          .requestRecovery(true).build();
      scheduler.scheduleJob(detail, TriggerBuilder.newTrigger().withIdentity(runId + "/" + index, INDICES)
          .startNow().withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
          .build());
      return null;
    });
  }

  private static JobDetail runJob(String jobName) {
    return JobBuilder.newJob(RunJob.class).withIdentity(runJobKey(jobName)).storeDurably().requestRecovery(true)
        .withDescription("es-archiver job " + jobName).build();
  }

  static JobKey runJobKey(String jobName) {
    return new JobKey(jobName, RUNS);
  }

  private static int misfireInstruction(Schedule schedule) {
    return schedule.misfire() == Schedule.Misfire.SKIP ? CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING
        : CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
  }

  /**
   * Stops the scheduler: with {@code waitForJobs}, returns once the running jobs ended. Jobs cut short by a stop are
   * recovered by another node (or this one at its next start).
   */
  public void shutdown(boolean waitForJobs) {
    call(() -> {
      if (!scheduler.isShutdown()) {
        scheduler.shutdown(waitForJobs);
      }
      return null;
    });
  }

  @Override
  public void close() {
    shutdown(false);
  }

  private interface QuartzCall<T> {
    T call() throws SchedulerException;
  }

  private static <T> T call(QuartzCall<T> call) {
    try {
      return call.call();
    } catch (SchedulerException e) {
      throw new ScheduleException("scheduler: " + e.getMessage(), e);
    }
  }
}
