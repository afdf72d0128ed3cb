package org.esarchiver.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads conf/archiver.yaml and the job files of jobs/. Every problem is a {@link ConfigException} whose one-line
 * message names the file and the dotted key at fault. {@code env} is the environment for {@code ${VAR}} references;
 * production passes {@code System.getenv()}.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static ArchiverConfig loadArchiverConfig(Path file, Map<String, String> env) {
    String label = file.toString();
    JsonNode tree = EnvironmentSubstitution.apply(YamlDocument.read(file, label), env, label);
    return ArchiverConfigReader.read(Section.root(label, tree, ArchiverConfigReader.TOP_LEVEL_KEYS));
  }

  /** Reads {@code jobsDir/<jobName>.yaml} (or .yml). */
  public static JobDefinition loadJob(Path jobsDir, String jobName, Map<String, String> env) {
    JobFiles.requireValidName(jobName);
    Optional<Path> file = JobFiles.find(jobsDir, jobName);
    if (file.isEmpty()) {
      throw new ConfigException("unknown job '" + jobName + "': no " + jobsDir.resolve(jobName + ".yaml")
          + " (" + knownJobs(jobsDir) + ")");
    }
    return loadJobFile(jobName, file.get(), env);
  }

  /** Every job of {@code jobsDir}, sorted by name. */
  public static List<JobDefinition> loadJobs(Path jobsDir, Map<String, String> env) {
    return JobFiles.list(jobsDir).entrySet().stream()
        .map(job -> loadJobFile(job.getKey(), job.getValue(), env))
        .toList();
  }

  /** The job files of {@code jobsDir} by job name, sorted, to be loaded one by one with {@link #loadJobFile}. */
  public static java.util.SortedMap<String, Path> jobFiles(Path jobsDir) {
    return JobFiles.list(jobsDir);
  }

  public static JobDefinition loadJobFile(String jobName, Path file, Map<String, String> env) {
    String label = file.toString();
    JsonNode tree = EnvironmentSubstitution.apply(YamlDocument.read(file, label), env, label);
    return JobReader.read(jobName, file, Section.root(label, tree, JobReader.TOP_LEVEL_KEYS));
  }

  private static String knownJobs(Path jobsDir) {
    if (!Files.isDirectory(jobsDir)) {
      return "the jobs directory " + jobsDir + " does not exist";
    }
    List<String> names = JobFiles.names(jobsDir);
    return "known jobs: " + (names.isEmpty() ? "none" : String.join(", ", names));
  }
}
