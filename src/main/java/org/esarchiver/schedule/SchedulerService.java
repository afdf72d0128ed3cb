package org.esarchiver.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.esarchiver.app.Archiver;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.config.ConfigException;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.job.JobRunner;
import org.esarchiver.selection.Durations;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running {@code schedule} service of one node: the jobs of the jobs directory on Quartz, their files read
 * again every {@code reload_interval} (and on {@link #reload}), metrics and health over HTTP, and a stop that lets the
 * indices being written finish within a grace period, then aborts them cleanly.
 */
public final class SchedulerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);

  private final ArchiverConfig config;
  private final Archiver archiver;
  private final JobCatalog catalog;
  private final ArchiveScheduler scheduler;
  private final ServiceMetrics metrics;
  private final ScheduledExecutorService reloads;
  private final FileChannel embeddedLock;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;

  private SchedulerService(ArchiverConfig config, Archiver archiver, JobCatalog catalog, FileChannel embeddedLock) {
    this.config = config;
    this.archiver = archiver;
    this.catalog = catalog;
    this.embeddedLock = embeddedLock;
    this.metrics = new ServiceMetrics(() -> archiver.outbox().pending(), this::indicesRunning);
    this.scheduler = ArchiveScheduler.open(archiver.database(), config.scheduler(), archiver.node(), jobFactory());
    this.reloads = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "job-files-reload");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the service: registers the valid jobs, starts Quartz, reloads job files periodically, serves metrics. */
  public static SchedulerService start(ArchiverConfig config, Path jobsDir, Map<String, String> env) {
    String node = config.scheduler().node().orElseGet(org.esarchiver.state.StateDatabase::localNode);
    FileChannel lock = config.database().embedded() ? lockEmbeddedStore(config.stateDir()) : null;
    Archiver archiver = null;
    try {
      archiver = Archiver.open(config, true, node);
      SchedulerService service = new SchedulerService(config, archiver, new JobCatalog(jobsDir, env), lock);
      service.reload();
      if (service.catalog.names().isEmpty()) {
        LOG.warn("no valid job in {}: waiting for job files", jobsDir.toAbsolutePath());
      }
      service.scheduler.start();
      long every = config.scheduler().reloadInterval().toMillis();
      service.reloads.scheduleWithFixedDelay(service::reloadQuietly, every, every, TimeUnit.MILLISECONDS);
      config.scheduler().http().ifPresent(address -> service.metrics.serve(address, service::health));
      LOG.info("scheduler node {} started on {} ({} jobs, {} threads{})", node, archiver.database().description(),
          service.catalog.names().size(), config.scheduler().threads(),
          service.metrics.port() > 0 ? ", metrics and health on port " + service.metrics.port() : "");
      return service;
    } catch (RuntimeException e) {
      if (archiver != null) {
        archiver.close();
      }
      closeQuietly(lock);
      throw e;
    }
  }

  String node() {
    return archiver.node();
  }

  JobRunner runner() {
    return archiver.runner();
  }

  ArchiveScheduler scheduler() {
    return scheduler;
  }

  ServiceMetrics metrics() {
    return metrics;
  }

  Optional<JobDefinition> job(String name) {
    return catalog.get(name);
  }

  /** Reads the job files again and applies what changed; returns the rejected files' messages. */
  public List<String> reload() {
    JobCatalog.Changes changes = catalog.reload();
    for (JobDefinition job : changes.changed()) {
      Optional<java.util.Date> next = scheduler.register(job);
      LOG.info("job {}: {}", job.name(), next.map(d -> "next run at " + d.toInstant())
          .orElse(job.schedule().isPresent() ? "no future fire" : "no schedule, runs when triggered"));
    }
    for (String name : changes.removed()) {
      scheduler.unschedule(name);
      LOG.info("job {}: its file is gone, unscheduled", name);
    }
    changes.problems().forEach(problem -> LOG.error("job file rejected: {}", problem));
    return changes.problems();
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (RuntimeException e) {
      LOG.error("reloading job files: {}", e.getMessage());
    }
  }

  /** Blocks until {@link #stop} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops taking new work, waits up to {@code grace} for the indices being archived here, then interrupts them (each
   * aborts at its next page: nothing committed, a failure event), and shuts down once they have ended.
   */
  public void stop(Duration grace) {
    if (stopping) {
      return;
    }
    stopping = true;
    LOG.info("stopping: no new work; waiting up to {} for {} running jobs", Durations.format(grace), running().size());
    try {
      scheduler.standby();
      long deadline = System.nanoTime() + grace.toNanos();
      while (!running().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      for (JobExecutionContext context : running()) {
        LOG.warn("{}: grace period over, aborting", context.getJobDetail().getKey().getName());
        scheduler.quartz().interrupt(context.getFireInstanceId());
      }
      scheduler.shutdown(true);
      long pending = archiver.deliverEvents(Duration.ofSeconds(10));
      if (pending > 0) {
        LOG.warn("{} audit events wait in the outbox; the next process to start delivers them", pending);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SchedulerException | RuntimeException e) {
      LOG.error("while stopping: {}", e.getMessage());
    } finally {
      close();
      stopped.countDown();
      LOG.info("scheduler node {} stopped", archiver.node());
    }
  }

  private List<JobExecutionContext> running() {
    try {
      return scheduler.quartz().getCurrentlyExecutingJobs();
    } catch (SchedulerException e) {
      return List.of();
    }
  }

  private long indicesRunning() {
    return running().stream().filter(c -> c.getJobDetail().getKey().getGroup().equals(ArchiveScheduler.INDICES))
        .count();
  }

  private ServiceMetrics.Health health() {
    ObjectNode body = new ObjectMapper().createObjectNode()
        .put("status", stopping ? "stopping" : "up")
        .put("node", archiver.node())
        .put("jobs", catalog.names().size())
        .put("indices_running", indicesRunning());
    try {
      body.put("outbox_pending", archiver.outbox().pending());
    } catch (RuntimeException e) {
      body.put("database", e.getMessage());
      return new ServiceMetrics.Health(false, body.toString());
    }
    String delivery = archiver.deliveryProblem();
    if (!delivery.isEmpty()) {
      body.put("kafka", delivery);
    }
    return new ServiceMetrics.Health(!stopping, body.toString());
  }

  private JobFactory jobFactory() {
    return (TriggerFiredBundle bundle, org.quartz.Scheduler quartz) -> {
      Class<?> type = bundle.getJobDetail().getJobClass();
      if (type == RunJob.class) {
        return new RunJob(this);
      }
      if (type == IndexJob.class) {
        return new IndexJob(this);
      }
      throw new SchedulerException("unknown job class " + type.getName());
    };
  }

  /** The embedded store is not clustered: one scheduler per state directory. */
  private static FileChannel lockEmbeddedStore(Path stateDir) {
    Path file = stateDir.resolve("scheduler.lock");
    try {
      Files.createDirectories(stateDir);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new ConfigException("another scheduler runs on the embedded database of " + stateDir.toAbsolutePath()
            + "; for several nodes set database.url to a shared PostgreSQL database in the configuration");
      }
      return channel;
    } catch (IOException e) {
      throw new ConfigException("cannot lock " + file + ": " + e.getMessage());
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      LOG.debug("closing the scheduler lock: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    reloads.shutdownNow();
    metrics.close();
    scheduler.close();
    archiver.close();
    closeQuietly(embeddedLock);
  }
}
