package org.esarchiver.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.esarchiver.testsupport.LocalStack;

/** Seeds Elasticsearch and reads the audit topic for the integration tests, through the real services. */
final class TestCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalStack stack;
  private final RestClient es;

  TestCluster(LocalStack stack) {
    this(stack, stack.elasticsearchUrl());
  }

  /** With an Elasticsearch of the test's own instead of the stack's (the stack's Kafka is still read). */
  TestCluster(LocalStack stack, String elasticsearchUrl) {
    this.stack = stack;
    this.es = RestClient.builder(HttpHost.create(elasticsearchUrl)).build();
  }

  void createIndex(String index, int shards, String mappingJson) throws IOException {
    Request request = new Request("PUT", "/" + index);
    request.setJsonEntity("{\"settings\":{\"number_of_shards\":" + shards + ",\"number_of_replicas\":0},"
        + "\"mappings\":" + mappingJson + "}");
    es.performRequest(request);
  }

  /**
   * Creates an index of one shard holding {@code documents} numbered log lines: {@code doc-<i>} with {@code {"n": i,
   * "text": "line i of the log"}}.
   */
  void createLogLines(String index, int documents) throws IOException {
    createIndex(index, 1, "{\"properties\":{\"n\":{\"type\":\"long\"},\"text\":{\"type\":\"keyword\"}}}");
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < documents; i++) {
      docs.add(new Document("doc-" + i, JSON.createObjectNode().put("n", i).put("text", "line " + i + " of the log")));
    }
    index(index, docs);
  }

  /** Indexes documents (id -> source) with one bulk request per 1,000 and refreshes the index. */
  void index(String index, List<Document> documents) throws IOException {
    for (int from = 0; from < documents.size(); from += 1000) {
      StringBuilder bulk = new StringBuilder();
      for (Document doc : documents.subList(from, Math.min(documents.size(), from + 1000))) {
        bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(doc.id()).append("\"}}\n")
            .append(JSON.writeValueAsString(doc.source())).append('\n');
      }
      Request request = new Request("POST", "/_bulk");
      request.setJsonEntity(bulk.toString());
      JsonNode response = JSON.readTree(es.performRequest(request).getEntity().getContent());
      if (response.path("errors").asBoolean()) {
        throw new IllegalStateException("bulk indexing into " + index + " failed: " + response);
      }
    }
    es.performRequest(new Request("POST", "/" + index + "/_refresh"));
  }

  record Document(String id, JsonNode source) {}

  /** Every record on the topic from the beginning, values as JSON. */
  List<ConsumerRecord<String, String>> readTopic(String topic) {
    return readTopic(stack.kafkaBootstrapServers(), topic);
  }

  /** Every record on the topic of the brokers at {@code bootstrapServers}, from the beginning. */
  static List<ConsumerRecord<String, String>> readTopic(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && (records.isEmpty() || emptyPolls < 2)) {
        var polled = consumer.poll(Duration.ofMillis(500));
        polled.forEach(records::add);
        emptyPolls = polled.isEmpty() ? emptyPolls + 1 : 0;
      }
    }
    return records;
  }

  /** Every event on the topic of the brokers at {@code bootstrapServers}, from the beginning, as JSON. */
  static List<JsonNode> events(String bootstrapServers, String topic) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (ConsumerRecord<String, String> record : readTopic(bootstrapServers, topic)) {
      events.add(JSON.readTree(record.value()));
    }
    return events;
  }

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @Override
  public void close() throws IOException {
    es.close();
  }
}
