package org.esarchiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves that each service of {@link LocalStack#shared()} is real and reachable with the clients the app uses. */
class LocalStackIT {

    private static LocalStack stack;

    record Doc(String name, long size) {}

    @BeforeAll
    static void startStack() {
        long t0 = System.nanoTime();
        stack = LocalStack.shared();
        System.out.printf("LocalStack.shared() ready after %d ms (stack start %d ms): %s%n",
                (System.nanoTime() - t0) / 1_000_000, stack.startupMillis(), stack.describe());
    }

    @Test
    void sharedIsASingleton() {
        assertThat(LocalStack.shared()).isSameAs(stack);
        assertThat(stack.elasticsearch().isRunning()).isTrue();
        assertThat(stack.elasticsearch().pid()).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void elasticsearchIndexesAndSearches() throws Exception {
        try (RestClient rest = RestClient.builder(HttpHost.create(stack.elasticsearchUrl())).build()) {
            ElasticsearchClient client =
                    new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));

            HealthResponse health = client.cluster().health(); // client.info() answers 405 on this distribution
            assertThat(health.status()).isIn(HealthStatus.Green, HealthStatus.Yellow);
            assertThat(health.clusterName()).isEqualTo(LocalStack.CLUSTER_NAME);
            String expectedVersion = System.getProperty("es.version", LocalStackSettings.DEFAULT_ES_VERSION);
            // nodes().info() fails to decode ("Missing required property NodeInfoSettingsCluster.election"): ask raw
            Response nodes = rest.performRequest(new Request("GET", "/_nodes/_local?filter_path=nodes.*.version"));
            JsonNode json = new ObjectMapper().readTree(nodes.getEntity().getContent());
            assertThat(json.get("nodes").elements().next().get("version").asText()).isEqualTo(expectedVersion);
            assertThat(stack.elasticsearch().version()).isEqualTo(expectedVersion);

            String index = "localstack-it-" + UUID.randomUUID();
            client.indices().create(c -> c.index(index)
                    .mappings(m -> m.properties("name", p -> p.keyword(k -> k))
                            .properties("size", p -> p.long_(l -> l))));
            client.index(i -> i.index(index).id("1").document(new Doc("logs-2024.01.01", 42)).refresh(Refresh.True));

            SearchResponse<Doc> found = client.search(
                    s -> s.index(index).query(q -> q.term(t -> t.field("name").value("logs-2024.01.01"))), Doc.class);
            assertThat(found.hits().hits()).singleElement()
                    .satisfies(hit -> assertThat(hit.source()).isEqualTo(new Doc("logs-2024.01.01", 42)));

            client.indices().delete(d -> d.index(index));
        }
    }

    @Test
    void kafkaProducesAndConsumes() {
        String topic = "localstack-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("topic creation failed", e);
        }
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "index-1", "{\"event\":\"archived\"}")).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "localstack-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("index-1");
            assertThat(r.value()).isEqualTo("{\"event\":\"archived\"}");
        });
    }

    @Test
    void hdfsWritesAndReads() throws Exception {
        assertThat(stack.hdfsUri().toString()).startsWith("hdfs://127.0.0.1:");
        try (FileSystem fs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
            Path dir = new Path("/archive/localstack-it-" + UUID.randomUUID());
            assertThat(fs.mkdirs(dir)).isTrue();
            Path file = new Path(dir, "hello.txt");
            byte[] content = "hello hdfs".getBytes(StandardCharsets.UTF_8);
            try (FSDataOutputStream out = fs.create(file)) {
                out.write(content);
            }
            FileStatus status = fs.getFileStatus(file);
            assertThat(status.getLen()).isEqualTo(content.length);
            assertThat(status.getReplication()).isEqualTo((short) 1);
            assertThat(status.getOwner()).isEqualTo(System.getProperty("user.name"));
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            try (FSDataInputStream in = fs.open(file)) {
                in.transferTo(read);
            }
            assertThat(read.toByteArray()).isEqualTo(content);
            assertThat(fs.delete(dir, true)).isTrue();
        }
    }
}
