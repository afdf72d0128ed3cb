package org.esarchiver.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * Shows the demo's results read back from the real services: the audit events on the Kafka topic, and a few rows of
 * each archived partition read from the Parquet files with Parquet's own reader.
 *
 * <p>Usage: DemoReadback events BOOTSTRAP TOPIC | DemoReadback rows FS_URI ROOT ROWS_PER_PARTITION
 */
public final class DemoReadback {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoReadback() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "events" -> printEvents(args[1], args[2]);
      case "rows" -> printRows(URI.create(args[1]), new Path(args[2]), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  private static void printEvents(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && (records.isEmpty() || emptyPolls < 2)) {
        var polled = consumer.poll(Duration.ofMillis(500));
        polled.forEach(records::add);
        emptyPolls = polled.isEmpty() ? emptyPolls + 1 : 0;
      }
    }
    System.out.printf("%d events on topic %s (CloudEvents 1.0 JSON); the latest:%n", records.size(), topic);
    for (ConsumerRecord<String, String> record : records.subList(Math.max(0, records.size() - 10), records.size())) {
      try {
        JsonNode event = JSON.readTree(record.value());
        JsonNode data = event.path("data");
        System.out.printf("  offset %d key=%s type=%s documents=%s bytes=%s%s%n", record.offset(), record.key(),
            event.path("type").asText(), data.path("documents").asText("-"), data.path("bytes").asText("-"),
            data.has("error") ? " error=" + data.path("error").asText() : "");
      } catch (Exception e) {
        System.out.println("  offset " + record.offset() + ": " + record.value());
      }
    }
    if (!records.isEmpty()) {
      System.out.println("One whole event:");
      System.out.println(records.get(records.size() - 1).value());
    }
  }

  private static void printRows(URI fsUri, Path root, int rowsPerPartition) throws Exception {
    Configuration conf = new Configuration();
    try (FileSystem fs = FileSystem.newInstance(fsUri, conf)) {
      FileStatus[] partitions = fs.listStatus(root, p -> !p.getName().startsWith("_"));
      Arrays.sort(partitions);
      for (FileStatus partition : partitions) {
        FileStatus[] files = fs.listStatus(partition.getPath(), p -> p.getName().endsWith(".parquet"));
        Arrays.sort(files);
        System.out.printf("%s (%d Parquet files):%n", partition.getPath(), files.length);
        int shown = 0;
        for (FileStatus file : files) {
          try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file.getPath())
              .withConf(conf).build()) {
            for (Group row = reader.read(); row != null && shown < rowsPerPartition; row = reader.read()) {
              System.out.println("  " + toJson(row));
              shown++;
            }
          }
          if (shown >= rowsPerPartition) {
            break;
          }
        }
      }
    }
  }

  /** A row as JSON, following the Parquet schema (standard LIST groups become arrays, timestamps ISO instants). */
  static ObjectNode toJson(Group group) {
    ObjectNode node = JSON.createObjectNode();
    GroupType type = group.getType();
    for (int i = 0; i < type.getFieldCount(); i++) {
      if (group.getFieldRepetitionCount(i) > 0) {
        node.set(type.getFieldName(i), value(group, i, type.getType(i)));
      }
    }
    return node;
  }

  private static JsonNode value(Group group, int field, Type type) {
    if (!type.isPrimitive()) {
      Group child = group.getGroup(field, 0);
      if (type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
        ArrayNode array = JSON.createArrayNode();
        for (int i = 0; i < child.getFieldRepetitionCount(0); i++) {
          Group element = child.getGroup(0, i);
          Type elementType = element.getType().getType(0);
          array.add(element.getFieldRepetitionCount(0) == 0 ? null : value(element, 0, elementType));
        }
        return array;
      }
      return toJson(child);
    }
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return switch (type.asPrimitiveType().getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> JSON.getNodeFactory().textNode(group.getString(field, 0));
      case INT32 -> JSON.getNodeFactory().numberNode(group.getInteger(field, 0));
      case INT64 -> logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
          ? JSON.getNodeFactory().textNode(timestamp(group.getLong(field, 0), ts.getUnit()).toString())
          : JSON.getNodeFactory().numberNode(group.getLong(field, 0));
      case FLOAT -> JSON.getNodeFactory().numberNode(group.getFloat(field, 0));
      case DOUBLE -> JSON.getNodeFactory().numberNode(group.getDouble(field, 0));
      case BOOLEAN -> JSON.getNodeFactory().booleanNode(group.getBoolean(field, 0));
      default -> JSON.getNodeFactory().textNode(group.getValueToString(field, 0));
    };
  }

  private static Instant timestamp(long value, LogicalTypeAnnotation.TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> Instant.ofEpochMilli(value);
      case MICROS -> Instant.ofEpochSecond(0, value * 1000);
      case NANOS -> Instant.ofEpochSecond(0, value);
    };
  }
}
