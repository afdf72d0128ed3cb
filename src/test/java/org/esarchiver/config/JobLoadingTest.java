package org.esarchiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLoadingTest {
  private static final Path FIXTURE_JOBS = Path.of("src/test/resources/config/jobs");
  private static final String MINIMAL_JOB = """
      indices: logs-*
      age:
        date_pattern: yyyy.MM.dd
        older_than: 3d
      """;

  @TempDir
  Path jobsDir;

  @Test
  void loadsEveryKeyOfAFullJob() {
    JobDefinition job = ConfigLoader.loadJob(FIXTURE_JOBS, "web-logs", Map.of());

    assertThat(job.name()).isEqualTo("web-logs");
    assertThat(job.file()).isEqualTo(FIXTURE_JOBS.resolve("web-logs.yaml"));
    assertThat(job.indexPatterns()).containsExactly("weblogs-*", "nginx-*-access");
    assertThat(job.age()).isEqualTo(new AgeRule("yyyy-MM-dd", ZoneId.of("Europe/Berlin"), Duration.ofDays(30)));
    assertThat(job.destination()).isEqualTo("/archive/web/{index}/{date:yyyy/MM/dd}/");
    assertThat(job.arrayFields()).containsExactly("tags", "http.request.headers");
    assertThat(job.parquet()).isEqualTo(new ParquetOptions(CompressionCodecName.ZSTD, true, 256L * 1024 * 1024));
    assertThat(job.scroll()).isEqualTo(
        new ScrollOptions(5000, Duration.ofMinutes(10), 8, ScrollOptions.ReadApi.POINT_IN_TIME));
    assertThat(job.schedule()).contains(new Schedule("0 0 3 ? * MON-FRI", ZoneId.of("America/New_York"), Schedule.Misfire.RUN_ONCE));
  }

  @Test
  void appliesDefaultsAndAcceptsYml() {
    JobDefinition job = ConfigLoader.loadJob(FIXTURE_JOBS, "audit", Map.of());

    assertThat(job.file()).isEqualTo(FIXTURE_JOBS.resolve("audit.yml"));
    assertThat(job.indexPatterns()).containsExactly("audit-*");
    assertThat(job.age()).isEqualTo(new AgeRule("yyyy.MM", ZoneId.of("UTC"), Duration.ofDays(400)));
    assertThat(job.destination()).isEqualTo(JobDefinition.DEFAULT_DESTINATION);
    assertThat(job.arrayFields()).isEmpty();
    assertThat(job.parquet()).isEqualTo(new ParquetOptions(CompressionCodecName.SNAPPY, false, 128L * 1024 * 1024));
    assertThat(job.scroll()).isEqualTo(new ScrollOptions(5000, Duration.ofMinutes(5), 4));
    assertThat(job.schedule()).isEmpty();
  }

  @Test
  void loadsAllJobsSortedByName() {
    assertThat(ConfigLoader.loadJobs(FIXTURE_JOBS, Map.of()))
        .extracting(JobDefinition::name)
        .containsExactly("audit", "web-logs");
  }

  @Test
  void unknownJobListsTheKnownJobs() {
    assertThatThrownBy(() -> ConfigLoader.loadJob(FIXTURE_JOBS, "acces-logs", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown job 'acces-logs': no " + FIXTURE_JOBS.resolve("acces-logs.yaml")
            + " (known jobs: audit, web-logs)");
    assertThatThrownBy(() -> ConfigLoader.loadJob(jobsDir, "x", Map.of()))
        .hasMessage("unknown job 'x': no " + jobsDir.resolve("x.yaml") + " (known jobs: none)");
    assertThatThrownBy(() -> ConfigLoader.loadJob(Path.of("no-such-dir"), "x", Map.of()))
        .hasMessage("unknown job 'x': no no-such-dir/x.yaml (the jobs directory no-such-dir does not exist)");
  }

  @Test
  void rejectsJobNamesThatAreNotFileNames() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.loadJob(FIXTURE_JOBS, "../archiver-full", Map.of()))
        .hasMessage("invalid job name '../archiver-full'; expected letters, digits, '.', '_' or '-',"
            + " starting with a letter or digit");

    Files.writeString(jobsDir.resolve("my job.yaml"), MINIMAL_JOB);
    assertThatThrownBy(() -> ConfigLoader.loadJobs(jobsDir, Map.of()))
        .hasMessage(jobsDir.resolve("my job.yaml") + ": invalid job name 'my job'; expected a file name of letters,"
            + " digits, '.', '_' or '-', starting with a letter or digit");
  }

  @Test
  void rejectsTwoFilesForOneJob() throws IOException {
    Files.writeString(jobsDir.resolve("logs.yaml"), MINIMAL_JOB);
    Files.writeString(jobsDir.resolve("logs.yml"), MINIMAL_JOB);

    assertThatThrownBy(() -> ConfigLoader.loadJob(jobsDir, "logs", Map.of()))
        .hasMessage(jobsDir.resolve("logs.yaml") + ": another file defines the same job (" + jobsDir.resolve("logs.yml")
            + "); expected one file per job");
    assertThatThrownBy(() -> ConfigLoader.loadJobs(jobsDir, Map.of()))
        .hasMessageEndingWith("; expected one file per job");
  }

  @Test
  void substitutesEnvironmentVariables() throws IOException {
    write("""
        indices: ["${PREFIX:-logs}-*", "${EXTRA:-}"]
        age:
          date_pattern: ${DATE_PATTERN:-yyyy.MM.dd}
          older_than: ${RETENTION}
        destination: ${ARCHIVE_ROOT:-/archive}/{job}/{date}
        array_fields: ["${TAG_FIELD}", labels]
        scroll:
          batch_size: ${BATCH:-500}
        """);

    JobDefinition job = ConfigLoader.loadJob(jobsDir, "logs",
        Map.of("PREFIX", "nginx", "RETENTION", "14d", "TAG_FIELD", "meta.tags"));

    assertThat(job.indexPatterns()).containsExactly("nginx-*");
    assertThat(job.age().olderThan()).isEqualTo(Duration.ofDays(14));
    assertThat(job.destination()).isEqualTo("/archive/{job}/{date}");
    assertThat(job.arrayFields()).containsExactly("meta.tags", "labels");
    assertThat(job.scroll().batchSize()).isEqualTo(500);

    assertThatThrownBy(() -> ConfigLoader.loadJob(jobsDir, "logs", Map.of("TAG_FIELD", "tags")))
        .hasMessage(jobsDir.resolve("logs.yaml") + ": age.older_than: environment variable RETENTION is not set"
            + " (use ${RETENTION:-default} for a default)");
  }

  @Test
  void reportsUnknownKeysWrongTypesAndMissingValues() throws IOException {
    assertInvalid(MINIMAL_JOB + "scroll:\n  bach_size: 10\n",
        "scroll.bach_size: unknown key; expected one of batch_size, keep_alive, max_slices, api");
    assertInvalid(MINIMAL_JOB + "scroll:\n  api: search\n",
        "scroll.api: expected one of point_in_time, scroll, got \"search\"");
    assertInvalid(MINIMAL_JOB + "scroll:\n  batch_size: many\n",
        "scroll.batch_size: expected an integer from 1 to 10000, got \"many\"");
    assertInvalid(MINIMAL_JOB + "scroll:\n  batch_size: 20000\n",
        "scroll.batch_size: expected an integer from 1 to 10000, got 20000");
    assertInvalid(MINIMAL_JOB + "scroll:\n  max_slices: 0\n",
        "scroll.max_slices: expected an integer from 1 to 64, got 0");
    assertInvalid(MINIMAL_JOB + "scroll:\n  keep_alive: 500ms\n",
        "scroll.keep_alive: \"500ms\" is too short; expected a duration of at least 1s");
    assertInvalid("indices: logs-*\nage:\n  date_pattern: yyyy.MM.dd\n",
        "age.older_than: missing required value; expected a duration such as 7d");
    assertInvalid("indices: logs-*\nage:\n  date_pattern: yyyy.MM.dd\n  older_than: 0d\n",
        "age.older_than: \"0d\" is too short; expected a duration greater than 0");
    assertInvalid("age:\n  date_pattern: yyyy.MM.dd\n  older_than: 3d\n",
        "indices: missing required value; expected a list of index patterns such as [\"logs-*\"]");
    assertInvalid("indices: []\nage:\n  date_pattern: yyyy.MM.dd\n  older_than: 3d\n",
        "indices: missing required value; expected a list of index patterns such as [\"logs-*\"]");
    assertInvalid(MINIMAL_JOB + "parquet: snappy\n",
        "parquet: expected a mapping with keys compression, avro_safe_names, row_group_size, file_size, got"
            + " \"snappy\"");
    assertInvalid(MINIMAL_JOB + "parquet:\n  avro_safe_names: maybe\n",
        "parquet.avro_safe_names: expected true or false, got \"maybe\"");
    assertInvalid(MINIMAL_JOB + "parquet:\n  compression: lzo\n",
        "parquet.compression: expected one of uncompressed, snappy, gzip, zstd, lz4_raw, got \"lzo\"");
    assertInvalid(MINIMAL_JOB + "parquet:\n  row_group_size: 512KB\n",
        "parquet.row_group_size: \"512KB\" is too small; expected at least 1MB");
    assertInvalid(MINIMAL_JOB + "parquet:\n  row_group_size: 1TB\n",
        "parquet.row_group_size: expected a size such as 128MB (units B, KB, MB, GB), got \"1TB\"");
    assertInvalid(MINIMAL_JOB + "schedule:\n  time_zone: UTC\n",
        "schedule.cron: missing required value; expected a Quartz cron expression: seconds minutes hours"
            + " day-of-month month day-of-week [year], such as \"0 30 1 * * ?\"");
  }

  @Test
  void rejectsBadIndexPatterns() throws IOException {
    String age = "age:\n  date_pattern: yyyy.MM.dd\n  older_than: 3d\n";
    String expected = "; expected an index, alias or data stream pattern such as logs-* (letters, digits, '-', '_',"
        + " '.', '*'; one pattern per item), or a regular expression written /.../";
    assertInvalid("indices: [\"logs-*\", \"logs *\"]\n" + age, "indices[1]: \"logs *\" contains whitespace" + expected);
    assertInvalid("indices: \"logs-*,metrics-*\"\n" + age, "indices: \"logs-*,metrics-*\" contains ','" + expected);
    for (String bad : new String[] {"a\\\"b", "a/b", "a\\\\b", "a|b", "a?b", "a<b", "a>b"}) {
      assertInvalid("indices: [\"" + bad + "\"]\n" + age, null);
    }
  }

  @Test
  void checksTheDatePattern() throws IOException {
    String tail = "  older_than: 3d\nindices: logs-*\n";
    assertInvalid("age:\n  date_pattern: MM.dd\n" + tail,
        "age.date_pattern: \"MM.dd\" has no year field; expected a pattern with the year letter y or u, such as"
            + " yyyy.MM.dd (Y is the week-based year)");
    assertInvalid("age:\n  date_pattern: YYYY.MM.dd\n" + tail, null);
    assertInvalid("age:\n  date_pattern: \"'year'MM\"\n" + tail, null);
    assertInvalid("age:\n  date_pattern: yyyy.bb\n" + tail,
        "age.date_pattern: invalid date pattern \"yyyy.bb\" (Unknown pattern letter: b); expected a java.time date"
            + " pattern such as yyyy.MM.dd");
    assertInvalid("age:\n  date_pattern: yyyy.MM.dd\n  time_zone: Mars/Olympus\n" + tail,
        "age.time_zone: expected a time zone ID such as UTC or Europe/Berlin, got \"Mars/Olympus\"");
    write("age:\n  date_pattern: \"uuuu'w'ww\"\n  time_zone: europe/berlin\n" + tail);
    AgeRule age = ConfigLoader.loadJob(jobsDir, "logs", Map.of()).age();
    assertThat(age.datePattern()).contains("uuuu'w'ww");
    assertThat(age.timeZone()).as("zone IDs are matched ignoring case").isEqualTo(ZoneId.of("Europe/Berlin"));
  }

  @Test
  void checksTheDestination() throws IOException {
    String placeholders = "{job}, {index}, {date} or {date:<java.time pattern>}";
    assertInvalid(MINIMAL_JOB + "destination: archive/{job}\n",
        "destination: \"archive/{job}\" is not an absolute path; expected an absolute path such as"
            + " /archive/{job}/dt={date}/ with placeholders " + placeholders);
    assertInvalid(MINIMAL_JOB + "destination: /archive/{jobname}/\n",
        "destination: unknown placeholder {jobname}; expected " + placeholders);
    assertInvalid(MINIMAL_JOB + "destination: /archive/{job/\n",
        "destination: unbalanced braces in \"/archive/{job/\"; expected placeholders written as " + placeholders);
    assertInvalid(MINIMAL_JOB + "destination: /archive/job}/\n",
        "destination: unbalanced braces in \"/archive/job}/\"; expected placeholders written as " + placeholders);
    assertInvalid(MINIMAL_JOB + "destination: /archive/{{job}}/\n", null);
    assertInvalid(MINIMAL_JOB + "destination: /archive/{date:}/\n",
        "destination: invalid date pattern in {date:} (empty pattern); expected a java.time pattern such as"
            + " {date:yyyy/MM/dd}");
    write(MINIMAL_JOB + "destination: /archive/{job}/{index}/{date:yyyy}/{date:MM-dd}/{date}\n");
    assertThat(ConfigLoader.loadJob(jobsDir, "logs", Map.of()).destination())
        .isEqualTo("/archive/{job}/{index}/{date:yyyy}/{date:MM-dd}/{date}");
  }

  @Test
  void checksTheCronExpression() throws IOException {
    assertInvalid(MINIMAL_JOB + "schedule:\n  cron: \"0 30 1 * *\"\n", null);
    assertInvalid(MINIMAL_JOB + "schedule:\n  cron: \"0 30 25 * * ?\"\n", null);
    write(MINIMAL_JOB + "schedule:\n  cron: \"0 0/15 * * * ?\"\n");
    assertThat(ConfigLoader.loadJob(jobsDir, "logs", Map.of()).schedule())
        .contains(new Schedule("0 0/15 * * * ?", ZoneId.of("UTC"), Schedule.Misfire.RUN_ONCE));
  }

  @Test
  void reportsMalformedYaml() throws IOException {
    assertInvalid("indices: [logs-*\nage: {}\n", null);
    Path file = write("indices: logs-*\nage:\n  date_pattern: yyyy\n  date_pattern: yyyy.MM\n");
    assertThatThrownBy(() -> ConfigLoader.loadJob(jobsDir, "logs", Map.of()))
        .hasMessage(file + ": age.date_pattern: duplicate key at line 4; expected each key once");
  }

  @Test
  void descriptionIsAcceptedAndIgnored() throws IOException {
    write("description: |\n  Several\n  lines.\n" + MINIMAL_JOB);
    assertThat(ConfigLoader.loadJob(jobsDir, "logs", Map.of()).indexPatterns()).containsExactly("logs-*");
  }

  /** Asserts the message names the file and, when given, is exactly {@code file: expectedAfterFile}. */
  private void assertInvalid(String yaml, String expectedAfterFile) throws IOException {
    Path file = write(yaml);
    var thrown = assertThatThrownBy(() -> ConfigLoader.loadJob(jobsDir, "logs", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": ");
    thrown.message().doesNotContain("\n");
    if (expectedAfterFile != null) {
      thrown.hasMessage(file + ": " + expectedAfterFile);
    }
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(jobsDir.resolve("logs.yaml"), yaml);
  }
}
