package org.esarchiver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.esarchiver.events.CloudEventCodec;
import org.esarchiver.events.IndexArchived;
import org.esarchiver.events.IndexSkipped;
import org.esarchiver.events.RunStarted;
import org.esarchiver.sink.TimeRange;
import org.esarchiver.sink.WrittenFile;
import org.junit.jupiter.api.Test;

class AuditEventDecoderTest {
  private static final TopicPosition POSITION = new TopicPosition(2, 41);
  private final AuditEventDecoder decoder = new AuditEventDecoder();

  @Test
  void readsTheArchivedEventsTheArchiverSends() {
    IndexArchived sent = new IndexArchived("logs", "20240510T013000Z-ab12", "logs-2024.05.01",
        Instant.parse("2024-05-10T01:31:00Z"), 1500, 45678, List.of(new WrittenFile("part-s000-a1.parquet", 1500, 45678)),
        "hdfs://nn/archive/logs/dt=2024-05-01", "hdfs://nn/archive/logs/dt=2024-05-01/_manifest.json", "sha256:ab", 0,
        0, List.of(), 2.5,
        new TimeRange("@timestamp", Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-01T23:59:59Z")));

    AuditEventDecoder.Decoded decoded = decoder.decode(new CloudEventCodec("node-1").encode(sent), "logs", POSITION);

    assertThat(decoded).isEqualTo(new AuditEventDecoder.Archived(new ArchivedEvent("logs-2024.05.01",
        "20240510T013000Z-ab12", 1500, "hdfs://nn/archive/logs/dt=2024-05-01",
        Optional.of(Instant.parse("2024-05-10T01:31:00Z")), POSITION)));
  }

  @Test
  void otherTypesAndOtherJobsArePassedOver() {
    byte[] skipped = new CloudEventCodec("node-1").encode(
        new IndexSkipped("logs", "r1", "logs-2024.05.01", Instant.EPOCH, "already archived", "/x/_manifest.json"));
    assertThat(decoder.decode(skipped, "logs", POSITION)).isInstanceOf(AuditEventDecoder.Other.class);
    byte[] started = new CloudEventCodec("node-1").encode(
        new RunStarted("logs", "r1", Instant.EPOCH, "scheduled", "all due", List.of("logs-2024.05.01")));
    assertThat(decoder.decode(started, "logs", POSITION)).isInstanceOf(AuditEventDecoder.Other.class);
    assertThat(decoder.decode(event("org.esarchiver.some.future.type", "{\"job\": \"logs\", \"run_id\": \"r1\"}"),
        "logs", POSITION)).isInstanceOf(AuditEventDecoder.Other.class);
    assertThat(decoder.decode(event(AuditEventDecoder.ARCHIVED_TYPE, data("other", 5)), "logs", POSITION))
        .isInstanceOf(AuditEventDecoder.Other.class);
  }

  @Test
  void unknownFieldsAndAnyIdAreIgnored() {
    String json = """
        {"specversion": "1.0", "id": "0f8e-anything", "type": "org.esarchiver.index.archived", "subject": "ix",
         "time": "2024-05-10T03:31:00+02:00", "source": "/es-archiver/jobs/logs", "novelty": [1],
         "data": {"job": "logs", "run_id": "r1", "index": "ix", "node": "node-2", "documents": 5,
                  "path": "/archive/logs/dt=2024-05-01", "future": {"a": 1}}}""";

    AuditEventDecoder.Decoded decoded = decoder.decode(json.getBytes(StandardCharsets.UTF_8), "logs", POSITION);

    assertThat(decoded).isEqualTo(new AuditEventDecoder.Archived(new ArchivedEvent("ix", "r1", 5,
        "/archive/logs/dt=2024-05-01", Optional.of(Instant.parse("2024-05-10T01:31:00Z")), POSITION)));
  }

  @Test
  void thePathMayComeFromTheManifestPathAndTheIndexFromTheSubject() {
    String json = """
        {"type": "org.esarchiver.index.archived", "subject": "ix",
         "data": {"job": "logs", "run_id": "r1", "documents": 5, "manifest_path": "/a/dt=1/_manifest.json"}}""";

    AuditEventDecoder.Decoded decoded = decoder.decode(json.getBytes(StandardCharsets.UTF_8), "logs", POSITION);

    assertThat(decoded).isEqualTo(new AuditEventDecoder.Archived(
        new ArchivedEvent("ix", "r1", 5, "/a/dt=1", Optional.empty(), POSITION)));
  }

  @Test
  void anArchivedEventWithoutItsCountsCannotBeCheckedAndSaysWhatIsMissing() {
    String json = """
        {"type": "org.esarchiver.index.archived", "subject": "ix",
         "data": {"job": "logs", "documents": "many", "path": "/a/dt=1"}}""";

    AuditEventDecoder.Decoded decoded = decoder.decode(json.getBytes(StandardCharsets.UTF_8), "logs", POSITION);

    assertThat(decoded).isEqualTo(new AuditEventDecoder.Malformed(new Finding("ix", Problem.MALFORMED_EVENT, "/a/dt=1",
        "org.esarchiver.index.archived event at partition 2 offset 41 lacks data.run_id, data.documents")));
  }

  @Test
  void recordsThatAreNotCloudEventsAreCountedApart() {
    assertThat(decoder.decode("not json".getBytes(StandardCharsets.UTF_8), "logs", POSITION))
        .isInstanceOf(AuditEventDecoder.NotAnEvent.class);
    assertThat(decoder.decode("[1, 2]".getBytes(StandardCharsets.UTF_8), "logs", POSITION))
        .isInstanceOf(AuditEventDecoder.NotAnEvent.class);
    assertThat(decoder.decode(null, "logs", POSITION)).isInstanceOf(AuditEventDecoder.NotAnEvent.class);
  }

  private static byte[] event(String type, String data) {
    return ("{\"specversion\": \"1.0\", \"type\": \"" + type + "\", \"data\": " + data + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String data(String job, long documents) {
    return "{\"job\": \"" + job + "\", \"run_id\": \"r1\", \"index\": \"ix\", \"documents\": " + documents
        + ", \"path\": \"/a\"}";
  }
}
