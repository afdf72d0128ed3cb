package org.esarchiver.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.esarchiver.sink.TimeRange;
import org.esarchiver.sink.WrittenFile;
import org.junit.jupiter.api.Test;

class CloudEventCodecTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void encodesAStructuredCloudEventWithSnakeCaseData() throws Exception {
    IndexArchived event = new IndexArchived("logs", "run-1", "logs-2019.03.01", Instant.parse("2019-03-05T01:30:00Z"),
        1200, 45678, List.of(new WrittenFile("part-s000-a1.parquet", 1200, 45678)), "hdfs://nn/archive/logs/dt=2019-03-01",
        "hdfs://nn/archive/logs/dt=2019-03-01/_manifest.json", "sha256:ab", 3, 2, List.of(), 2.5,
        new TimeRange("@timestamp", Instant.parse("2019-03-01T00:00:00Z"), Instant.parse("2019-03-01T23:59:59Z")));

    JsonNode encoded = json.readTree(new CloudEventCodec("node-1").encode(event));

    assertThat(encoded.path("specversion").asText()).isEqualTo("1.0");
    assertThat(encoded.path("type").asText()).isEqualTo("org.esarchiver.index.archived");
    assertThat(encoded.path("id").asText()).isEqualTo("run-1/logs-2019.03.01/org.esarchiver.index.archived");
    assertThat(encoded.path("source").asText()).isEqualTo("/es-archiver/jobs/logs");
    assertThat(encoded.path("subject").asText()).isEqualTo("logs-2019.03.01");
    assertThat(encoded.path("time").asText()).isEqualTo("2019-03-05T01:30:00Z");
    JsonNode data = encoded.path("data");
    assertThat(data.path("documents").asLong()).isEqualTo(1200);
    assertThat(data.path("manifest_path").asText()).endsWith("/_manifest.json");
    assertThat(data.path("files").get(0).path("rows").asLong()).isEqualTo(1200);
    assertThat(data.path("schema_fingerprint").asText()).isEqualTo("sha256:ab");
    assertThat(data.path("overflow_values").asLong()).isEqualTo(3);
    assertThat(data.path("overflow_documents").asLong()).isEqualTo(2);
    assertThat(data.path("node").asText()).isEqualTo("node-1");
    assertThat(data.path("timestamp_range").path("from").asText()).isEqualTo("2019-03-01T00:00:00Z");
    assertThat(data.path("timestamp_range").path("to").asText()).isEqualTo("2019-03-01T23:59:59Z");
  }

  @Test
  void runEventsHaveTheJobAsSubjectAndAStableId() throws Exception {
    RunStarted started = new RunStarted("logs", "run-1", Instant.EPOCH, "scheduled", "by age", List.of("logs-a"));
    RunFinished finished = new RunFinished("logs", "run-1", Instant.EPOCH, "ok", 1, 0, 0, 10, 100, 1.5);

    JsonNode startedJson = json.readTree(new CloudEventCodec("node-1").encode(started));
    JsonNode finishedJson = json.readTree(new CloudEventCodec("node-2").encode(finished));

    assertThat(startedJson.path("subject").asText()).isEqualTo("logs");
    assertThat(startedJson.path("id").asText()).isEqualTo("run-1/logs/org.esarchiver.run.started");
    assertThat(startedJson.path("data").path("due_indices").get(0).asText()).isEqualTo("logs-a");
    assertThat(finishedJson.path("id").asText()).isEqualTo("run-1/logs/org.esarchiver.run.finished");
    assertThat(finishedJson.path("data").path("status").asText()).isEqualTo("ok");
    assertThat(finishedJson.path("data").path("node").asText()).isEqualTo("node-2");
  }

  @Test
  void failureEventsCarryTheError() throws Exception {
    IndexFailed event = new IndexFailed("logs", "run-1", "logs-x", Instant.EPOCH, "boom", 1.0);
    JsonNode encoded = json.readTree(new CloudEventCodec("node-1").encode(event));
    assertThat(encoded.path("type").asText()).isEqualTo("org.esarchiver.index.failed");
    assertThat(encoded.path("data").path("error").asText()).isEqualTo("boom");
  }
}
