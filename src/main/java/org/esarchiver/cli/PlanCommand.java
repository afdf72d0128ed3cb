package org.esarchiver.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.esarchiver.app.Archiver;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.job.Plan;
import org.esarchiver.job.PlannedIndex;
import org.esarchiver.selection.Durations;
import org.esarchiver.selection.Skipped;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code plan JOB}: what the job would archive now and why, and what it leaves alone and why. */
@Command(name = "plan", description = "Show the indices JOB would archive now, and those it skips, with the reasons.")
final class PlanCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "Job name: a file jobs/JOB.yaml.")
  String jobName;

  @Override
  public Integer call() {
    JobDefinition job = main.job(jobName);
    PrintWriter out = spec.commandLine().getOut();
    try (Archiver archiver = Archiver.open(main.archiverConfig(), false)) {
      Plan plan = archiver.runner().plan(job);
      out.printf("Job %s: %s dated by '%s' (%s), archived when older than %s%n", job.name(),
          String.join(", ", job.indexPatterns()), job.age().datePattern(), job.age().timeZone(),
          Durations.format(job.age().olderThan()));
      Table table = new Table("INDEX", "DATE", "DOCS", "STORE", "ACTION", "WHY").alignRight(2, 3);
      for (PlannedIndex planned : plan.due()) {
        String action = planned.conflict().isPresent() ? "error" : planned.alreadyArchived() ? "skip" : "archive";
        String why = planned.conflict().orElse(planned.candidate().reason()
            + (planned.alreadyArchived() ? "; already archived at " : " -> ") + planned.path())
            + planned.schemaConflicts().stream().map(c -> "; schema: " + c).collect(java.util.stream.Collectors.joining());
        table.add(planned.name(), planned.candidate().date(), Table.count(planned.candidate().index().docCount()),
            Table.bytes(planned.candidate().index().storeBytes()), action, why);
      }
      for (Skipped skipped : plan.skipped()) {
        table.add(skipped.name(), skipped.date().map(Object::toString).orElse("-"),
            Table.count(skipped.index().docCount()), Table.bytes(skipped.index().storeBytes()), "skip",
            skipped.reason());
      }
      if (table.isEmpty()) {
        out.println("No index matches " + String.join(", ", job.indexPatterns()) + ".");
      } else {
        table.print(out);
      }
      long toArchive = plan.due().stream().filter(p -> !p.alreadyArchived() && p.conflict().isEmpty()).count();
      out.printf("%d to archive, %d already archived, %d not due%n", toArchive,
          plan.due().stream().filter(PlannedIndex::alreadyArchived).count(), plan.skipped().size());
      return ExitCode.OK;
    }
  }
}
