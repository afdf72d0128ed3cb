package org.esarchiver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one record of the audit topic as a CloudEvents 1.0 JSON event and keeps what the audit needs: the
 * index.archived events of one job. Everything else is passed over: other types (including ones added after this
 * version), other jobs, unknown data fields. The CloudEvents id is not relied upon. An index.archived event of the job
 * that lacks the index, run, path or document count cannot be checked, and says so.
 */
public final class AuditEventDecoder {
  public static final String ARCHIVED_TYPE = "org.esarchiver.index.archived";

  private final ObjectMapper json = new ObjectMapper();

  /** The outcome for one record. */
  public sealed interface Decoded permits Archived, Malformed, Other, NotAnEvent {}

  /** An index.archived event of the job. */
  public record Archived(ArchivedEvent event) implements Decoded {}

  /** An index.archived event of the job that lacks what the audit compares. */
  public record Malformed(Finding finding) implements Decoded {}

  /** An event of another type or another job. */
  public record Other() implements Decoded {}

  /** Not a CloudEvents JSON object. */
  public record NotAnEvent(String reason) implements Decoded {}

  public Decoded decode(byte[] value, String job, TopicPosition position) {
    JsonNode envelope;
    try {
      envelope = value == null ? null : json.readTree(value);
    } catch (IOException e) {
      return new NotAnEvent("not JSON");
    }
    if (envelope == null || !envelope.isObject() || !envelope.path("type").isTextual()) {
      return new NotAnEvent("not a CloudEvents JSON object");
    }
    JsonNode data = envelope.path("data");
    if (!envelope.path("type").asText().equals(ARCHIVED_TYPE) || !job.equals(data.path("job").asText(null))) {
      return new Other();
    }
    String index = text(data, "index").or(() -> text(envelope, "subject")).orElse(null);
    Optional<String> runId = text(data, "run_id");
    Optional<String> path = text(data, "path").or(() -> text(data, "manifest_path").map(AuditEventDecoder::parentOf));
    JsonNode documents = data.path("documents");
    List<String> missing = new ArrayList<>();
    if (index == null) {
      missing.add("data.index");
    }
    if (runId.isEmpty()) {
      missing.add("data.run_id");
    }
    if (path.isEmpty()) {
      missing.add("data.path");
    }
    if (!documents.canConvertToExactIntegral() || !documents.canConvertToLong()) {
      missing.add("data.documents");
    }
    if (!missing.isEmpty()) {
      return new Malformed(new Finding(index == null ? Finding.UNKNOWN_INDEX : index, Problem.MALFORMED_EVENT,
          path.orElse(""), ARCHIVED_TYPE + " event at " + position + " lacks " + String.join(", ", missing)));
    }
    return new Archived(new ArchivedEvent(index, runId.get(), documents.asLong(), path.get(), time(envelope),
        position));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static Optional<Instant> time(JsonNode envelope) {
    try {
      return text(envelope, "time").map(t -> OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String parentOf(String manifestPath) {
    int slash = manifestPath.lastIndexOf('/');
    return slash > 0 ? manifestPath.substring(0, slash) : manifestPath;
  }
}
