package org.esarchiver.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.esarchiver.config.JobDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCatalogTest {
  private static final String VALID = """
      indices: ["logs-*"]
      age: {date_pattern: yyyy.MM.dd, older_than: 3d}
      schedule: {cron: "0 30 1 * * ?"}
      """;

  @TempDir
  Path jobs;

  @Test
  void reloadAppliesNewChangedAndDeletedFilesAndKeepsTheLastValidDefinitionOfABrokenOne() throws Exception {
    JobCatalog catalog = new JobCatalog(jobs, Map.of());
    Files.writeString(jobs.resolve("a.yaml"), VALID);
    Files.writeString(jobs.resolve("b.yaml"), VALID);

    JobCatalog.Changes first = catalog.reload();
    assertThat(first.problems()).isEmpty();
    assertThat(first.changed()).extracting(JobDefinition::name).containsExactly("a", "b");
    assertThat(catalog.reload().isEmpty()).as("nothing changed").isTrue();

    Files.writeString(jobs.resolve("a.yaml"), VALID.replace("0 30 1", "0 0 2"));
    Files.writeString(jobs.resolve("b.yaml"), VALID.replace("3d", "soon"));
    JobCatalog.Changes second = catalog.reload();

    assertThat(second.changed()).extracting(JobDefinition::name).containsExactly("a");
    assertThat(catalog.get("a").orElseThrow().schedule().orElseThrow().cron()).isEqualTo("0 0 2 * * ?");
    assertThat(second.problems()).singleElement().asString().contains("b.yaml").contains("age.older_than")
        .endsWith("(job b keeps its previous definition)");
    assertThat(catalog.get("b").orElseThrow().schedule()).isPresent();
    assertThat(catalog.reload().problems()).as("a rejected file is reported once").isEmpty();

    Files.delete(jobs.resolve("b.yaml"));
    assertThat(catalog.reload().removed()).containsExactly("b");
    assertThat(catalog.names()).containsExactly("a");
  }
}
