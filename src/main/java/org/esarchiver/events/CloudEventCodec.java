package org.esarchiver.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;

/**
 * CloudEvents 1.0 in structured JSON mode: the envelope attributes, and the event record as {@code data} with
 * snake_case keys. The id is derived from run, index and type, so a consumer can deduplicate redeliveries.
 */
public final class CloudEventCodec {
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  private final ObjectMapper json = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  public byte[] encode(ArchiveEvent event) {
    ObjectNode envelope = json.createObjectNode()
        .put("specversion", "1.0")
        .put("id", event.runId() + "/" + event.index() + "/" + event.type())
        .put("source", "/es-archiver/jobs/" + event.job())
        .put("type", event.type())
        .put("subject", event.index())
        .put("time", event.time().toString())
        .put("datacontenttype", "application/json");
    envelope.set("data", json.valueToTree(event));
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }
}
