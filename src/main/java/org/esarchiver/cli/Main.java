package org.esarchiver.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.esarchiver.config.ArchiverConfig;
import org.esarchiver.config.ConfigException;
import org.esarchiver.config.ConfigLoader;
import org.esarchiver.config.JobDefinition;
import org.esarchiver.state.RunHistory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** es-archiver's command line: options shared by every command, and the one place where errors become exit codes. */
@Command(name = "es-archiver", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Archives aged Elasticsearch indices to verified Parquet files on HDFS and announces them on Kafka.",
    subcommands = {PlanCommand.class, RunCommand.class, BackfillCommand.class, TriggerCommand.class,
        ScheduleCommand.class, HistoryCommand.class, CatCommand.class, AuditCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 some index failed (or a service failed), 2 usage or configuration error,",
        "3 another run of the job is in progress, 130/143 a run aborted by SIGINT/SIGTERM."})
public final class Main implements Runnable {
  @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/archiver.yaml",
      description = "Connections file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--jobs-dir", paramLabel = "DIR", defaultValue = "jobs",
      description = "Directory of job definitions (default: ${DEFAULT-VALUE}).")
  Path jobsDir;

  @Option(names = {"-v", "--verbose"}, description = "Debug logging and stack traces.")
  boolean verbose;

  private final Map<String, String> env;

  Main(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args));
  }

  /** Runs one command line and returns its exit code; the tests call this instead of spawning a JVM. */
  public static int execute(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
    Main main = new Main(env);
    CommandLine commandLine = new CommandLine(main)
        .setOut(out)
        .setErr(err)
        .setExitCodeExceptionMapper(Main::exitCodeOf)
        .setExecutionStrategy(parseResult -> {
          if (main.verbose) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.esarchiver")).setLevel(Level.DEBUG);
          }
          return new CommandLine.RunLast().execute(parseResult);
        })
        .setExecutionExceptionHandler((e, cmd, parseResult) -> {
          cmd.getErr().println("error: " + messageOf(e));
          if (main.verbose) {
            e.printStackTrace(cmd.getErr());
          }
          cmd.getErr().flush();
          return exitCodeOf(e);
        });
    commandLine.getCommandSpec().parser().caseInsensitiveEnumValuesAllowed(true);
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this),
        "a command is required: plan, run, backfill, trigger, schedule, history, audit or cat");
  }

  ArchiverConfig archiverConfig() {
    return ConfigLoader.loadArchiverConfig(config, env);
  }

  Map<String, String> env() {
    return env;
  }

  JobDefinition job(String name) {
    return ConfigLoader.loadJob(jobsDir, name, env);
  }

  private static int exitCodeOf(Throwable e) {
    if (e instanceof RunHistory.Busy) {
      return ExitCode.BUSY;
    }
    return e instanceof ConfigException || e instanceof CommandLine.ParameterException ? ExitCode.USAGE
        : ExitCode.FAILED;
  }

  /** One line: HDFS puts the NameNode's stack trace into the message of a refused call (-v shows it all). */
  private static String messageOf(Throwable e) {
    String message = e.getMessage() != null ? e.getMessage() : e.toString();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).stripTrailing();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"es-archiver " + (version == null ? "development build" : version)};
    }
  }
}
