package org.esarchiver.cli;

import java.util.concurrent.Callable;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.schedule.SchedulerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;

/**
 * {@code schedule}: runs the scheduler service until SIGTERM or SIGINT (a clean stop within scheduler.shutdown_grace,
 * exit 0); SIGHUP reads the job files again.
 */
@Command(mixinStandardHelpOptions = true, name = "schedule",
    description = {"Run every job of the jobs directory on its schedule, and the runs queued with --via-scheduler,",
        "until stopped (SIGTERM/SIGINT: stop cleanly; SIGHUP: read the job files again)."})
final class ScheduleCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleCommand.class);

  @ParentCommand
  Main main;

  @Override
  public Integer call() throws InterruptedException {
    ArchiverConfig config = main.archiverConfig();
    SchedulerService service = SchedulerService.start(config, main.jobsDir, main.env());
    Runnable stop = () -> new Thread(() -> service.stop(config.scheduler().shutdownGrace()), "stop").start();
    Signal.handle(new Signal("TERM"), signal -> stop.run());
    Signal.handle(new Signal("INT"), signal -> stop.run());
    Signal.handle(new Signal("HUP"), signal -> {
      LOG.info("SIGHUP: reading the job files again");
      service.reload();
    });
    service.awaitStop();
    return ExitCode.OK;
  }
}
