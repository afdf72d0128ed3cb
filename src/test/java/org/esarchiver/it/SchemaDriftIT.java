package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.esarchiver.testsupport.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daily mappings drift: a field's type changing from one day's index to the next is reported, not hidden. */
class SchemaDriftIT {
  @TempDir
  Path dir;

  @Test
  void aFieldWhoseTypeChangesIsReportedByPlanAndInTheCompletionEvent() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String monday = "drift-" + today.minusDays(12).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    String tuesday = "drift-" + today.minusDays(11).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    try (CliHarness cli = new CliHarness(LocalStack.shared(), dir, "it-drift")) {
      TestCluster cluster = cli.cluster();
      cluster.createIndex(monday, 1, "{\"properties\": {\"status\": {\"type\": \"long\"}, \"msg\": {\"type\": \"text\"}}}");
      cluster.index(monday, List.of(new TestCluster.Document("1", TestCluster.json("{\"status\": 200, \"msg\": \"a\"}"))));
      cluster.createIndex(tuesday, 1, "{\"properties\": {\"status\": {\"type\": \"keyword\"}, \"msg\": {\"type\": \"text\"}}}");
      cluster.index(tuesday, List.of(new TestCluster.Document("2", TestCluster.json("{\"status\": \"OK\", \"msg\": \"b\"}"))));
      cli.job("drift", """
          indices: ["drift-*"]
          age: {date_pattern: yyyy.MM.dd, older_than: 1d}
          """);

      assertThat(cli.cli("run", "drift", "--index", monday).code()).isZero();
      assertThat(cli.cli("plan", "drift").out())
          .contains("schema: field 'status' is keyword here but long in earlier archives (since " + monday + ")");
      assertThat(cli.cli("run", "drift").code()).isZero();

      List<JsonNode> archived = cli.events().stream()
          .filter(e -> e.path("type").asText().equals("org.esarchiver.index.archived")).toList();
      assertThat(archived).extracting(e -> e.path("subject").asText()).containsExactly(monday, tuesday);
      assertThat(archived.get(0).path("data").path("schema_conflicts")).isEmpty();
      assertThat(archived.get(1).path("data").path("schema_conflicts").get(0).asText()).contains("'status'");
    }
  }
}
