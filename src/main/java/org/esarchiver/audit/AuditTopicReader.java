package org.esarchiver.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.esarchiver.config.KafkaConnection;
import org.esarchiver.events.KafkaEventPublisher;

/**
 * Reads the audit topic from the beginning of every partition up to its end offset as of the start of the read, with
 * a consumer that is assigned the partitions (no consumer group, nothing committed, so other consumers are not
 * disturbed). The producer's settings that apply to a consumer (bootstrap servers, security protocol, SASL, TLS trust,
 * and kafka.producer's connection settings) are reused, so the audit reaches the broker the way the events did. Every wait is
 * bounded: metadata and offset requests by {@code requestTimeout}, the read by {@code stallTimeout} without progress.
 */
public final class AuditTopicReader {
  /** Producer settings that would break a consumer or describe the producer's own identity. */
  private static final Set<String> NOT_FOR_THE_CONSUMER = Set.of(
      ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ConsumerConfig.CLIENT_ID_CONFIG);
  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaConnection kafka;
  private final Duration requestTimeout;
  private final Duration stallTimeout;
  private final AuditEventDecoder decoder = new AuditEventDecoder();

  public AuditTopicReader(KafkaConnection kafka, Duration requestTimeout, Duration stallTimeout) {
    this.kafka = kafka;
    this.requestTimeout = requestTimeout;
    this.stallTimeout = stallTimeout;
  }

  /** What the topic says about one job. */
  public record TopicContents(String topic, boolean topicExists, long records, long notEvents,
      List<ArchivedEvent> archivedEvents, List<Finding> malformedEvents) {}

  public String topic() {
    return kafka.auditTopic();
  }

  static Map<String, Object> consumerProperties(KafkaConnection kafka, Duration requestTimeout) {
    Map<String, Object> props = new HashMap<>();
    Set<String> consumerSettings = ConsumerConfig.configNames();
    KafkaEventPublisher.producerProperties(kafka).forEach((name, value) -> {
      if (consumerSettings.contains(name) && !NOT_FOR_THE_CONSUMER.contains(name)) {
        props.put(name, value);
      }
    });
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "es-archiver-audit");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(requestTimeout.toMillis(), 30_000));
    return props;
  }

  public TopicContents read(String job) {
    String topic = kafka.auditTopic();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(kafka, requestTimeout),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> partitionInfos = consumer.partitionsFor(topic, requestTimeout);
      if (partitionInfos == null || partitionInfos.isEmpty()) {
        return new TopicContents(topic, false, 0, 0, List.of(), List.of());
      }
      List<TopicPartition> partitions = partitionInfos.stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, requestTimeout);
      return readUpTo(consumer, end, job);
    } catch (KafkaException e) {
      throw new AuditException("cannot read the audit topic " + topic + " from " + kafka.bootstrapServers() + ": "
          + e.getMessage(), e);
    }
  }

  private TopicContents readUpTo(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, String job) {
    List<ArchivedEvent> events = new ArrayList<>();
    List<Finding> malformed = new ArrayList<>();
    long records = 0;
    long notEvents = 0;
    Map<TopicPartition, Long> behind = new HashMap<>(end);
    long lastProgress = System.nanoTime();
    while (true) {
      behind.keySet().removeIf(partition -> consumer.position(partition, requestTimeout) >= end.get(partition));
      if (behind.isEmpty()) {
        break;
      }
      if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
        throw new AuditException("reading the audit topic " + kafka.auditTopic() + " made no progress for "
            + stallTimeout.toSeconds() + " s; behind in " + describeBehind(consumer, behind));
      }
      boolean progressed = false;
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        progressed = true;
        if (record.offset() >= end.get(partition)) {
          continue; // appended after the read began
        }
        records++;
        AuditEventDecoder.Decoded decoded =
            decoder.decode(record.value(), job, new TopicPosition(record.partition(), record.offset()));
        if (decoded instanceof AuditEventDecoder.Archived archived) {
          events.add(archived.event());
        } else if (decoded instanceof AuditEventDecoder.Malformed bad) {
          malformed.add(bad.finding());
        } else if (decoded instanceof AuditEventDecoder.NotAnEvent) {
          notEvents++;
        }
      }
      if (progressed) {
        lastProgress = System.nanoTime();
      }
    }
    return new TopicContents(kafka.auditTopic(), true, records, notEvents, List.copyOf(events), List.copyOf(malformed));
  }

  private String describeBehind(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> behind) {
    List<String> parts = new ArrayList<>();
    behind.forEach((partition, endOffset) -> parts.add("partition " + partition.partition() + " at offset "
        + consumer.position(partition, requestTimeout) + " of " + endOffset));
    return String.join(", ", parts);
  }
}
