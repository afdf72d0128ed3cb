package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The selection, lifecycle and file-size keys of a job file. */
class SelectionConfigTest {
  private static final String AGE = "age:\n  date_pattern: yyyy.MM.dd\n  older_than: 3d\n";

  @TempDir
  Path jobsDir;

  @Test
  void defaultsKeepOldJobFilesValid() throws IOException {
    JobDefinition job = load("indices: logs-*\n" + AGE);

    assertThat(job.filters()).isEqualTo(IndexFilters.DEFAULT);
    assertThat(job.lifecycle()).isEqualTo(new Lifecycle(true, PostArchiveAction.NONE));
    assertThat(job.parquet().fileBytes()).isEqualTo(256L << 20);
    assertThat(job.age().source()).isEqualTo(AgeRule.Source.NAME);
  }

  @Test
  void readsEverySelectionAndLifecycleKey() throws IOException {
    JobDefinition job = load("""
        indices: ["logs-*", "/^app-[0-9]+$/", "my-stream"]
        exclude: ["logs-debug-*", "/-test$/"]
        include_closed: true
        include_empty: true
        keep_newest: 3
        age:
          source: field
          field: "@timestamp"
          time_zone: Europe/Berlin
          older_than: 30d
        parquet: {file_size: 64MB}
        write_block: false
        after_archive: close
        """);

    assertThat(job.indexPatterns()).containsExactly("logs-*", "/^app-[0-9]+$/", "my-stream");
    assertThat(job.filters()).isEqualTo(new IndexFilters(List.of("logs-debug-*", "/-test$/"), true, true, 3));
    assertThat(job.age()).isEqualTo(AgeRule.newestValue("@timestamp", ZoneId.of("Europe/Berlin"),
        Duration.ofDays(30)));
    assertThat(job.parquet().fileBytes()).isEqualTo(64L << 20);
    assertThat(job.lifecycle()).isEqualTo(new Lifecycle(false, PostArchiveAction.CLOSE));
    assertThat(load("indices: x\nage: {source: creation_date, older_than: 1d}\n").age())
        .isEqualTo(AgeRule.creationDate(ZoneId.of("UTC"), Duration.ofDays(1)));
  }

  @Test
  void namesTheFileAndKeyOfEveryMistake() throws IOException {
    assertInvalid("indices: [\"/app-(/\"]\n" + AGE,
        "indices[0]: invalid regular expression \"/app-(/\" (Unclosed group near index 5); expected a java.util.regex"
            + " expression between slashes, such as /^logs-\\d+$/");
    assertInvalid("indices: [\"/app\"]\n" + AGE, null);
    assertInvalid("indices: x\nexclude: [\"a b\"]\n" + AGE, null);
    assertInvalid("indices: x\nkeep_newest: -1\n" + AGE,
        "keep_newest: expected an integer from 0 to 100000, got -1");
    assertInvalid("indices: x\nafter_archive: purge\n" + AGE,
        "after_archive: expected one of close, delete, none, read_only, got \"purge\"");
    assertInvalid("indices: x\nafter_archive: delete\nwrite_block: false\n" + AGE,
        "after_archive: delete needs write_block: true (documents written to the index after it was read would be"
            + " lost with it); expected write_block: true, or after_archive none, read_only or close");
    assertInvalid("indices: x\nage: {source: mtime, older_than: 1d}\n",
        "age.source: expected one of creation_date, field, name, got \"mtime\"");
    assertInvalid("indices: x\nage: {source: field, older_than: 1d}\n",
        "age.field: missing required value; expected a dotted field path such as http.request.headers");
    assertInvalid("indices: x\nage: {source: creation_date, date_pattern: yyyy, older_than: 1d}\n",
        "age.date_pattern: only used with source: name; expected no date_pattern with this source, or source: name");
    assertInvalid("indices: x\nage: {date_pattern: yyyy, field: ts, older_than: 1d}\n",
        "age.field: only used with source: field; expected no field with this source, or source: field");
    assertInvalid("indices: x\n" + AGE + "parquet: {file_size: 1KB}\n",
        "parquet.file_size: \"1KB\" is too small; expected at least 64KB");
  }

  private JobDefinition load(String yaml) throws IOException {
    Files.writeString(jobsDir.resolve("logs.yaml"), yaml);
    return ConfigLoader.loadJob(jobsDir, "logs", Map.of());
  }

  private void assertInvalid(String yaml, String expectedAfterFile) throws IOException {
    Path file = Files.writeString(jobsDir.resolve("logs.yaml"), yaml);
    var thrown = assertThatThrownBy(() -> ConfigLoader.loadJob(jobsDir, "logs", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": ");
    thrown.message().doesNotContain("\n");
    if (expectedAfterFile != null) {
      thrown.hasMessage(file + ": " + expectedAfterFile);
    }
  }
}
