package org.esarchiver.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds job files: jobs/&lt;name&gt;.yaml or .yml, where the name is the job's name. */
final class JobFiles {
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml");
  private static final String EXPECTED_NAME = "letters, digits, '.', '_' or '-', starting with a letter or digit";

  private JobFiles() {}

  static void requireValidName(String jobName) {
    if (jobName == null || !JOB_NAME.matcher(jobName).matches()) {
      throw new ConfigException("invalid job name " + (jobName == null ? "null" : "'" + jobName + "'")
          + "; expected " + EXPECTED_NAME);
    }
  }

  static Optional<Path> find(Path jobsDir, String jobName) {
    List<Path> candidates = EXTENSIONS.stream()
        .map(extension -> jobsDir.resolve(jobName + extension))
        .filter(Files::isRegularFile)
        .toList();
    if (candidates.size() > 1) {
      throw ambiguous(candidates);
    }
    return candidates.stream().findFirst();
  }

  /** Every job file by job name, sorted; a file whose name is not a valid job name is an error. */
  static SortedMap<String, Path> list(Path jobsDir) {
    SortedMap<String, Path> jobs = new TreeMap<>();
    for (Path file : jobFiles(jobsDir)) {
      String jobName = jobName(file);
      if (!JOB_NAME.matcher(jobName).matches()) {
        throw new ConfigException(file + ": invalid job name '" + jobName + "'; expected a file name of "
            + EXPECTED_NAME);
      }
      Path previous = jobs.put(jobName, file);
      if (previous != null) {
        throw ambiguous(List.of(previous, file));
      }
    }
    return jobs;
  }

  /** The valid job names of the directory, sorted, for telling the user what exists. */
  static List<String> names(Path jobsDir) {
    return jobFiles(jobsDir).stream()
        .map(JobFiles::jobName)
        .filter(name -> JOB_NAME.matcher(name).matches())
        .distinct()
        .sorted()
        .toList();
  }

  private static List<Path> jobFiles(Path jobsDir) {
    try (Stream<Path> entries = Files.list(jobsDir)) {
      List<Path> files = new ArrayList<>();
      entries.sorted()
          .filter(file -> !file.getFileName().toString().startsWith("."))
          .filter(file -> EXTENSIONS.stream().anyMatch(file.getFileName().toString()::endsWith))
          .filter(Files::isRegularFile)
          .forEach(files::add);
      return files;
    } catch (NoSuchFileException e) {
      throw new ConfigException(jobsDir + ": cannot read jobs directory (No such file or directory)", e);
    } catch (NotDirectoryException e) {
      throw new ConfigException(jobsDir + ": cannot read jobs directory (Not a directory)", e);
    } catch (IOException e) {
      throw new ConfigException(jobsDir + ": cannot read jobs directory (" + e.getMessage() + ")", e);
    }
  }

  private static String jobName(Path file) {
    String fileName = file.getFileName().toString();
    return fileName.substring(0, fileName.lastIndexOf('.'));
  }

  private static ConfigException ambiguous(List<Path> files) {
    return new ConfigException(files.get(0) + ": another file defines the same job (" + files.get(1)
        + "); expected one file per job");
  }
}
