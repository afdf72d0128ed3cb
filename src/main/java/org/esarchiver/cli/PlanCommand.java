package org.esarchiver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.esarchiver.app.Archiver;
import org.esarchiver.config.AgeRule;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.config.PostArchiveAction;
import org.esarchiver.job.Plan;
import org.esarchiver.job.PlannedIndex;
import org.esarchiver.selection.Durations;
import org.esarchiver.selection.Skipped;
import org.esarchiver.source.IndexInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code plan JOB [--json]}: every index the job's patterns match, with the rule that selected or skipped it, its
 * documents and store size, whether it is archived yet, and what a run would do with it.
 */
@Command(mixinStandardHelpOptions = true, name = "plan",
    description = "Show the indices JOB would archive now, and those it skips, with the reasons.")
final class PlanCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "Job name: a file jobs/JOB.yaml.")
  String jobName;

  @Option(names = "--json", description = "Print the plan as one JSON document.")
  boolean json;

  @Override
  public Integer call() {
    JobDefinition job = main.job(jobName);
    PrintWriter out = spec.commandLine().getOut();
    try (Archiver archiver = Archiver.open(main.archiverConfig(), false)) {
      Plan plan = archiver.runner().plan(job);
      if (json) {
        out.println(toJson(plan));
      } else {
        printTable(out, plan);
      }
      return ExitCode.OK;
    }
  }

  static String action(PlannedIndex planned, PostArchiveAction after) {
    if (planned.conflict().isPresent()) {
      return "error";
    }
    if (planned.alreadyArchived()) {
      return "skip";
    }
    return after == PostArchiveAction.NONE ? "archive" : "archive, then " + after.configName();
  }

  private static void printTable(PrintWriter out, Plan plan) {
    JobDefinition job = plan.job();
    out.printf("Job %s: %s%s; dated by %s (%s), archived when older than %s%s%n", job.name(),
        String.join(", ", job.indexPatterns()),
        job.filters().exclude().isEmpty() ? "" : " excluding " + String.join(", ", job.filters().exclude()),
        job.age().describe(), job.age().timeZone(), Durations.format(job.age().olderThan()),
        job.lifecycle().afterArchive() == PostArchiveAction.NONE ? ""
            : "; after archiving: " + job.lifecycle().afterArchive().configName());
    Table table = new Table("INDEX", "DATE", "DOCS", "STORE", "ARCHIVED", "ACTION", "RULE", "WHY").alignRight(2, 3);
    for (PlannedIndex planned : plan.due()) {
      String why = planned.conflict().orElse(planned.candidate().reason()
          + (planned.alreadyArchived() ? "; already archived at " : " -> ") + planned.path())
          + planned.schemaConflicts().stream().map(c -> "; schema: " + c).collect(Collectors.joining());
      IndexInfo index = planned.candidate().index();
      table.add(planned.name(), planned.candidate().date(), Table.count(index.docCount()),
          Table.bytes(index.storeBytes()), planned.alreadyArchived() ? "yes" : "no",
          action(planned, job.lifecycle().afterArchive()), planned.candidate().rule(), why);
    }
    for (Skipped skipped : plan.skipped()) {
      IndexInfo index = skipped.index();
      table.add(skipped.name(), skipped.date().map(Object::toString).orElse("-"),
          index.closed() ? "-" : Table.count(index.docCount()), index.closed() ? "-" : Table.bytes(index.storeBytes()),
          plan.archivedSkipped().contains(skipped.name()) ? "yes" : skipped.date().isPresent() ? "no" : "-", "skip",
          skipped.rule(), skipped.reason());
    }
    if (table.isEmpty()) {
      out.println("No index matches " + String.join(", ", job.indexPatterns()) + ".");
    } else {
      table.print(out);
    }
    long toArchive = plan.due().stream().filter(p -> !p.alreadyArchived() && p.conflict().isEmpty()).count();
    out.printf("%d to archive, %d already archived, %d not due%n", toArchive,
        plan.due().stream().filter(PlannedIndex::alreadyArchived).count(), plan.skipped().size());
  }

  private static String toJson(Plan plan) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    JobDefinition job = plan.job();
    ObjectNode root = mapper.createObjectNode().put("job", job.name());
    root.putPOJO("patterns", job.indexPatterns());
    root.putPOJO("exclude", job.filters().exclude());
    AgeRule age = job.age();
    ObjectNode rule = root.putObject("age");
    rule.put("source", age.source().configName());
    age.datePattern().ifPresent(p -> rule.put("date_pattern", p));
    age.field().ifPresent(f -> rule.put("field", f));
    rule.put("time_zone", age.timeZone().getId()).put("older_than", Durations.format(age.olderThan()));
    root.put("keep_newest", job.filters().keepNewest());
    root.put("after_archive", job.lifecycle().afterArchive().configName());
    ArrayNode indices = root.putArray("indices");
    for (PlannedIndex planned : plan.due()) {
      ObjectNode entry = entry(indices, planned.candidate().index());
      entry.put("date", planned.candidate().date().toString())
          .put("action", action(planned, job.lifecycle().afterArchive()))
          .put("rule", planned.candidate().rule())
          .put("reason", planned.conflict().orElse(planned.candidate().reason()))
          .put("archived", planned.alreadyArchived())
          .put("destination", planned.path());
      entry.putPOJO("schema_conflicts", planned.schemaConflicts());
    }
    for (Skipped skipped : plan.skipped()) {
      ObjectNode entry = entry(indices, skipped.index());
      entry.put("date", skipped.date().map(Object::toString).orElse(null))
          .put("action", "skip")
          .put("rule", skipped.rule())
          .put("reason", skipped.reason());
      if (skipped.date().isPresent()) {
        entry.put("archived", plan.archivedSkipped().contains(skipped.name()));
      } else {
        entry.putNull("archived");
      }
    }
    long toArchive = plan.due().stream().filter(p -> !p.alreadyArchived() && p.conflict().isEmpty()).count();
    root.putObject("summary").put("to_archive", toArchive)
        .put("already_archived", plan.due().stream().filter(PlannedIndex::alreadyArchived).count())
        .put("not_due", plan.skipped().size());
    return root.toPrettyString();
  }

  private static ObjectNode entry(ArrayNode indices, IndexInfo index) {
    ObjectNode entry = indices.addObject().put("index", index.name()).put("status", index.closed() ? "closed" : "open");
    if (index.closed()) {
      entry.putNull("docs").putNull("store_bytes");
    } else {
      entry.put("docs", index.docCount()).put("store_bytes", index.storeBytes());
    }
    index.dataStream().ifPresent(stream -> entry.put("data_stream", stream));
    return entry;
  }
}
