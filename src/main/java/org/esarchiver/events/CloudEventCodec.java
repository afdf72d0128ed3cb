package org.esarchiver.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;

/**
 * CloudEvents 1.0 in structured JSON mode: the envelope attributes, and the event record as {@code data} with
 * snake_case keys plus the node that produced it. The id is derived from run, subject and type, so a consumer can
 * deduplicate redeliveries.
 */
public final class CloudEventCodec {
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  private final ObjectMapper json = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final String node;

  public CloudEventCodec(String node) {
    this.node = node;
  }

  public byte[] encode(ArchiveEvent event) {
    ObjectNode envelope = json.createObjectNode()
        .put("specversion", "1.0")
        .put("id", event.id())
        .put("source", "/es-archiver/jobs/" + event.job())
        .put("type", event.type())
        .put("subject", event.subject())
        .put("time", event.time().toString())
        .put("datacontenttype", "application/json");
    ObjectNode data = json.valueToTree(event);
    data.put("node", node);
    envelope.set("data", data);
    return envelope.toString().getBytes(StandardCharsets.UTF_8);
  }
}
