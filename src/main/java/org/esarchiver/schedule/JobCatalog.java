package org.esarchiver.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import org.esarchiver.config.ConfigException;
import org.esarchiver.config.ConfigLoader;
import org.esarchiver.config.JobDefinition;

/**
 * The jobs of the jobs directory as the service knows them. {@link #reload} reads the files again: a new or changed
 * valid file replaces the job's definition; an invalid one is rejected with its message and the job keeps its last
 * valid definition; a deleted file removes the job.
 */
final class JobCatalog {
  /** What a reload changed: jobs added or changed, jobs removed, and the files rejected with why. */
  record Changes(List<JobDefinition> changed, List<String> removed, List<String> problems) {
    boolean isEmpty() {
      return changed.isEmpty() && removed.isEmpty() && problems.isEmpty();
    }
  }

  private final Path jobsDir;
  private final Map<String, String> env;
  private final Map<String, JobDefinition> jobs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> contents = new HashMap<>();

  JobCatalog(Path jobsDir, Map<String, String> env) {
    this.jobsDir = jobsDir;
    this.env = env;
  }

  Optional<JobDefinition> get(String name) {
    return Optional.ofNullable(jobs.get(name));
  }

  List<String> names() {
    return jobs.keySet().stream().sorted().toList();
  }

  synchronized Changes reload() {
    List<JobDefinition> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    SortedMap<String, Path> files;
    try {
      files = ConfigLoader.jobFiles(jobsDir);
    } catch (ConfigException e) {
      return new Changes(List.of(), List.of(), List.of(e.getMessage()));
    }
    for (Map.Entry<String, Path> file : files.entrySet()) {
      String name = file.getKey();
      byte[] content;
      try {
        content = Files.readAllBytes(file.getValue());
      } catch (IOException e) {
        problems.add(file.getValue() + ": cannot read: " + e.getMessage());
        continue;
      }
      if (Arrays.equals(content, contents.get(name))) {
        continue;
      }
      contents.put(name, content);
      try {
        JobDefinition job = ConfigLoader.loadJobFile(name, file.getValue(), env);
        jobs.put(name, job);
        changed.add(job);
      } catch (ConfigException e) {
        problems.add(e.getMessage() + (jobs.containsKey(name) ? " (job " + name + " keeps its previous definition)"
            : " (job " + name + " is not scheduled)"));
      }
    }
    for (String name : List.copyOf(contents.keySet())) {
      if (!files.containsKey(name)) {
        contents.remove(name);
        if (jobs.remove(name) != null) {
          removed.add(name);
        }
      }
    }
    return new Changes(changed, removed, problems);
  }
}
