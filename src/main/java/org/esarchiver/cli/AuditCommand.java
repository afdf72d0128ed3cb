package org.esarchiver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.esarchiver.app.ArchiveAuditor;
import org.esarchiver.audit.AuditReport;
import org.esarchiver.audit.Finding;
import org.esarchiver.config.JobDefinition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit verify JOB}: the audit topic checked against the archive filesystem. */
@Command(mixinStandardHelpOptions = true, name = "audit", subcommands = AuditCommand.Verify.class,
    description = "Check the audit trail of a job.")
final class AuditCommand implements Runnable {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify");
  }

  @Command(mixinStandardHelpOptions = true, name = "verify", description = {
      "Read the audit topic (kafka.audit_topic) from the beginning and JOB's committed archives, and report archives "
          + "without an index.archived event, events without an archive (the newest event of each index), and "
          + "count mismatches (event documents vs manifest rows vs Parquet footer rows, files listed but missing).",
      "Exit code 0 when clean, 1 when a problem is found (or the topic or the filesystem cannot be read)."})
  static final class Verify implements Callable<Integer> {
    @ParentCommand
    AuditCommand audit;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "JOB", description = "Job name: a file jobs/JOB.yaml.")
    String jobName;

    @Option(names = "--json", description = "Print the report as one JSON document.")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE",
        description = "Connections file; the same as the option before the command (default: conf/archiver.yaml).")
    Path config;

    @Override
    public Integer call() {
      Main main = audit.main;
      if (config != null) {
        main.config = config;
      }
      JobDefinition job = main.job(jobName);
      AuditReport report;
      try (ArchiveAuditor auditor = ArchiveAuditor.open(main.archiverConfig())) {
        report = auditor.verify(job);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(toJson(report));
      } else {
        printTable(out, report);
      }
      out.flush();
      return report.clean() ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  private static void printTable(PrintWriter out, AuditReport report) {
    out.printf("Audit of job %s: %d archives under %s; %s%n", report.job(), report.archives(), report.archiveRoot(),
        topicLine(report));
    if (!report.clean()) {
      Table table = new Table("INDEX", "PROBLEM", "DETAILS");
      for (Finding finding : report.findings()) {
        table.add(finding.index(), finding.problem().label(),
            finding.path().isEmpty() ? finding.details() : shortPath(finding.path(), report.archiveRoot()) + ": "
                + finding.details());
      }
      table.print(out);
    }
    out.println(report.summary());
  }

  private static String topicLine(AuditReport report) {
    if (!report.topicExists()) {
      return "the topic " + report.topic() + " does not exist, so there are no events";
    }
    return report.archivedEvents() + " index.archived events of the job on " + report.topic() + " ("
        + Table.count(report.records()) + " records read"
        + (report.notEvents() == 0 ? "" : ", " + Table.count(report.notEvents()) + " not CloudEvents JSON, skipped")
        + ")";
  }

  /** A path below the archive root relative to it (dt=2024-05-17), any other in full. */
  private static String shortPath(String path, String root) {
    String prefix = root.endsWith("/") ? root : root + "/";
    return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
  }

  private static String toJson(AuditReport report) {
    ObjectNode root = new ObjectMapper().createObjectNode()
        .put("job", report.job())
        .put("topic", report.topic())
        .put("topic_exists", report.topicExists())
        .put("archive_root", report.archiveRoot())
        .put("records_read", report.records())
        .put("records_not_events", report.notEvents())
        .put("archived_events", report.archivedEvents())
        .put("archives", report.archives())
        .put("clean", report.clean());
    ArrayNode problems = root.putArray("problems");
    for (Finding finding : report.findings()) {
      problems.addObject()
          .put("index", finding.index())
          .put("problem", finding.problem().key())
          .put("path", finding.path())
          .put("details", finding.details());
    }
    ObjectNode counts = root.putObject("summary");
    report.problemCounts().forEach((problem, count) -> counts.put(problem.key(), count));
    return root.toPrettyString();
  }
}
