package org.esarchiver.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.esarchiver.cli.Main;
import org.esarchiver.testsupport.LocalStack;

/**
 * The command line of the integration tests: a config file for the shared stack (its own audit topic and state
 * directory), job files, runs of {@link Main#execute} in this JVM, and raw Elasticsearch requests to set the scene.
 */
final class CliHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final LocalStack stack;
  private final Path dir;
  private final String topic;
  private final Path config;
  private final Path jobs;
  private final RestClient es;
  private final TestCluster cluster;

  CliHarness(LocalStack stack, Path dir, String topic) throws IOException {
    this(stack, dir, topic, stack.kafkaBootstrapServers(), "");
  }

  /** With another Kafka than the stack's, and {@code extraConfig} appended to archiver.yaml (database, scheduler). */
  CliHarness(LocalStack stack, Path dir, String topic, String kafkaServers, String extraConfig) throws IOException {
    this(stack, dir, topic, stack.elasticsearchUrl(), stack.hdfsUri(), kafkaServers, extraConfig);
  }

  /** With an Elasticsearch and an archive filesystem of the test's own (a node to restart, an HDFS to break). */
  CliHarness(LocalStack stack, Path dir, String topic, String elasticsearchUrl, java.net.URI archiveFs,
      String kafkaServers, String extraConfig) throws IOException {
    this.stack = stack;
    this.dir = dir;
    this.topic = topic;
    this.config = Files.createDirectories(dir).resolve("archiver.yaml");
    Files.writeString(config, """
        elasticsearch:
          hosts: ["%s"]
        hadoop:
          default_fs: %s
          properties:
            dfs.replication: "1"
        kafka:
          bootstrap_servers: %s
          audit_topic: %s
        state_dir: %s
        """.formatted(elasticsearchUrl, archiveFs, kafkaServers, topic, dir.resolve("state"))
        + extraConfig);
    this.jobs = Files.createDirectories(dir.resolve("jobs"));
    this.es = RestClient.builder(HttpHost.create(elasticsearchUrl)).build();
    this.cluster = new TestCluster(stack, elasticsearchUrl);
  }

  record Result(int code, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException(out + err, e);
      }
    }
  }

  Path config() {
    return config;
  }

  Path jobsDir() {
    return jobs;
  }

  Path stateDir() {
    return dir.resolve("state");
  }

  TestCluster cluster() {
    return cluster;
  }

  void job(String name, String yaml) {
    try {
      Files.writeString(jobs.resolve(name + ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--jobs-dir", jobs.toString()));
    all.addAll(List.of(args));
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), Map.of(), all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * The command line in a JVM of its own, on the test classpath, with {@code env} added to its environment; its output
   * goes to {@code <name>.out} and {@code <name>.err} in the harness directory.
   */
  Process spawn(String name, Map<String, String> env, String... args) throws IOException {
    return spawn(name, env, List.of("-Xmx384m"), config, args);
  }

  /**
   * The command line in a JVM of its own started with {@code jvmOptions}, reading {@code configFile} instead of the
   * harness's archiver.yaml; output as with {@link #spawn(String, Map, String...)}.
   */
  Process spawn(String name, Map<String, String> env, List<String> jvmOptions, Path configFile, String... args)
      throws IOException {
    return spawn(dir, name, jvmOptions, configFile, jobs, env, args);
  }

  /**
   * The command line in a JVM of its own, on the test classpath, with {@code jvmOptions} (such as
   * {@code -Djava.security.krb5.conf=...}), {@code config} and {@code jobs}, and {@code env} added to its
   * environment; its output goes to {@code <name>.out} and {@code <name>.err} in {@code dir}.
   */
  static Process spawn(Path dir, String name, List<String> jvmOptions, Path config, Path jobs,
      Map<String, String> env, String... args) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path tmp = Files.createDirectories(dir.resolve(name + "-tmp"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-Djava.io.tmpdir=" + tmp));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, "org.esarchiver.cli.Main", "--config", config.toString(),
        "--jobs-dir", jobs.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".err").toFile()));
    builder.environment().remove("CLASSPATH");
    builder.environment().putAll(env);
    return builder.start();
  }

  /** What a process started with {@link #spawn} wrote to its standard error so far. */
  String errorOutput(String name) {
    try {
      Path err = dir.resolve(name + ".err");
      return Files.exists(err) ? Files.readString(err) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  /** What a process started with {@link #spawn} wrote to its standard output and error so far. */
  String output(String name) {
    try {
      Path out = dir.resolve(name + ".out");
      Path err = dir.resolve(name + ".err");
      return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(err) ? Files.readString(err) : "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plan's entry of one index. */
  static JsonNode entry(JsonNode plan, String index) {
    for (JsonNode entry : plan.path("indices")) {
      if (entry.path("index").asText().equals(index)) {
        return entry;
      }
    }
    throw new AssertionError(index + " is not in the plan: " + plan.toPrettyString());
  }

  /** A raw request; a 4xx/5xx answer is returned as its JSON body rather than thrown. */
  JsonNode es(String method, String endpoint, String body) {
    try {
      return JSON.readTree(esText(method, endpoint, body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A raw request's answer as text (the body of a 4xx/5xx answer too), for callers that parse it their way. */
  String esText(String method, String endpoint, String body) {
    Request request = new Request(method, endpoint);
    if (body != null) {
      request.setJsonEntity(body);
    }
    try {
      return EntityUtils.toString(es.performRequest(request).getEntity());
    } catch (ResponseException e) {
      try {
        return EntityUtils.toString(e.getResponse().getEntity());
      } catch (IOException unreadable) {
        throw new UncheckedIOException(unreadable);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean indexExists(String index) {
    return !es("GET", "/_resolve/index/" + index + "?expand_wildcards=all", null).has("error");
  }

  /** The index's status (open or close) as _cat/indices reports it. */
  String status(String index) {
    return es("GET", "/_cat/indices/" + index + "?format=json&h=status&expand_wildcards=all", null)
        .path(0).path("status").asText();
  }

  String setting(String index, String setting) {
    JsonNode value = es("GET", "/" + index + "/_settings/" + setting + "?flat_settings=true", null)
        .path(index).path("settings").path(setting);
    return value.isMissingNode() ? null : value.asText();
  }

  /** Every event on this harness's topic, as JSON. */
  List<JsonNode> events() {
    List<JsonNode> events = new ArrayList<>();
    for (ConsumerRecord<String, String> record : cluster.readTopic(topic)) {
      try {
        events.add(JSON.readTree(record.value()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return events;
  }

  @Override
  public void close() throws IOException {
    es.close();
    cluster.close();
  }
}
