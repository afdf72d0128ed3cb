package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esarchiver.cli.Main;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daily mappings drift: a field's type changing from one day's index to the next is reported, not hidden. */
class SchemaDriftIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "it-drift";

  @TempDir
  Path dir;

  @Test
  void aFieldWhoseTypeChangesIsReportedByPlanAndInTheCompletionEvent() throws Exception {
    LocalStack stack = LocalStack.shared();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String monday = "drift-" + today.minusDays(12).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    String tuesday = "drift-" + today.minusDays(11).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    try (TestCluster cluster = new TestCluster(stack)) {
      cluster.createIndex(monday, 1, "{\"properties\": {\"status\": {\"type\": \"long\"}, \"msg\": {\"type\": \"text\"}}}");
      cluster.index(monday, List.of(new TestCluster.Document("1", TestCluster.json("{\"status\": 200, \"msg\": \"a\"}"))));
      cluster.createIndex(tuesday, 1, "{\"properties\": {\"status\": {\"type\": \"keyword\"}, \"msg\": {\"type\": \"text\"}}}");
      cluster.index(tuesday, List.of(new TestCluster.Document("2", TestCluster.json("{\"status\": \"OK\", \"msg\": \"b\"}"))));
    }
    Path config = dir.resolve("archiver.yaml");
    Files.writeString(config, """
        elasticsearch: {hosts: ["%s"]}
        hadoop: {default_fs: "%s", properties: {dfs.replication: "1"}}
        kafka: {bootstrap_servers: "%s", audit_topic: %s}
        state_dir: %s
        """.formatted(stack.elasticsearchUrl(), stack.hdfsUri(), stack.kafkaBootstrapServers(), TOPIC,
        dir.resolve("state")));
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(jobs.resolve("drift.yaml"), """
        indices: ["drift-*"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        """);

    assertThat(cli(config, jobs, "run", "drift", "--index", monday)).startsWith("0");
    assertThat(cli(config, jobs, "plan", "drift"))
        .contains("schema: field 'status' is keyword here but long in earlier archives (since " + monday + ")");
    assertThat(cli(config, jobs, "run", "drift")).startsWith("0");

    try (TestCluster cluster = new TestCluster(stack)) {
      List<JsonNode> archived = new ArrayList<>();
      for (var record : cluster.readTopic(TOPIC)) {
        JsonNode event = JSON.readTree(record.value());
        if (event.path("type").asText().equals("org.esarchiver.index.archived")) {
          archived.add(event);
        }
      }
      assertThat(archived).extracting(e -> e.path("subject").asText()).containsExactly(monday, tuesday);
      assertThat(archived.get(0).path("data").path("schema_conflicts")).isEmpty();
      assertThat(archived.get(1).path("data").path("schema_conflicts").get(0).asText()).contains("'status'");
    }
  }

  /** The exit code, a newline, then stdout and stderr. */
  private static String cli(Path config, Path jobs, String... args) {
    StringWriter out = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--jobs-dir", jobs.toString()));
    all.addAll(List.of(args));
    int code = Main.execute(new PrintWriter(out), new PrintWriter(out), Map.of(), all.toArray(String[]::new));
    return code + "\n" + out;
  }
}
