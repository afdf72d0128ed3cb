package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.util.EntityUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.esarchiver.cli.Main;
import org.esarchiver.testsupport.ElasticsearchNode;
import org.esarchiver.testsupport.KafkaBroker;
import org.esarchiver.testsupport.LocalStack;
import org.esarchiver.testsupport.LocalStackPorts;
import org.esarchiver.testsupport.TestCertificates;
import org.esarchiver.testsupport.TrustedCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The archiver against secured services, through its command line: an Elasticsearch node with security on (HTTPS
 * with a private CA, a native-realm user with a least-privilege role, an API key) and a Kafka broker with
 * SASL/SCRAM-SHA-512 listeners (plain and over TLS), both started for this class only; the archive goes to the shared
 * stack's HDFS. Every secret is handed to the archiver through the environment ({@code ${VAR}}) or a file, and the last
 * test looks for each of them in everything the archiver produced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClustersIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "admin-Pa55-c0ffee42";
  private static final String ES_PASSWORD = "es-Pa55-7f3c9d1e";
  private static final String KAFKA_PASSWORD = "kafka-Scr4m-91b2e0aa";
  /** The PostgreSQL server of this machine trusts local connections: it accepts this password without asking. */
  private static final String DB_PASSWORD = "db-Pa55-3e7a90c4";
  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
  /**
   * An API key in the encoded form (base64 of id:key) that the node does not know: valid keys cannot be made here,
   * because API keys live in the .security index, which this distribution cannot create (see ElasticsearchNode).
   */
  private static final String API_KEY_SECRET = "apikey-S3cret-5e1d";
  private static final String API_KEY = Base64.getEncoder().encodeToString(
      ("VuaCfGcBCdbkQm-e5aOx:" + API_KEY_SECRET).getBytes(StandardCharsets.UTF_8));
  private static final String TOPIC = "it-secured";
  private static final String DATE = LocalDate.now(ZoneOffset.UTC).minusDays(10)
      .format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));

  @TempDir
  static Path dir;

  private Path base;
  private TestCertificates certificates;
  private ElasticsearchNode elasticsearch;
  private KafkaBroker kafka;
  private LocalStack stack;
  private RestClient admin;
  private int saslPort;
  private int saslSslPort;
  private final String database = "esarchiver_sec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private OutputStreamAppender<ILoggingEvent> logCapture;

  @BeforeAll
  void start() throws Exception {
    captureLogs();
    stack = LocalStack.shared();
    // Elasticsearch runs as another user when the tests run as root: its home must be reachable
    base = Files.createTempDirectory(Path.of("/tmp"), "es-archiver-secured-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    certificates = TestCertificates.create(base.resolve("certs"));
    LocalStackPorts ports = LocalStackPorts.free();
    LocalStackPorts more = LocalStackPorts.free();
    saslPort = more.esHttp();
    saslSslPort = more.esTransport();
    elasticsearch = ElasticsearchNode.startSecured(stack.settings().esVersion(), stack.settings().esDistDir(), base,
        ports.esHttp(), ports.esTransport(), new ElasticsearchNode.Security(certificates, List.of(
            new ElasticsearchNode.User("admin", ADMIN_PASSWORD, "superuser"),
            new ElasticsearchNode.User("archiver", ES_PASSWORD, "es_archiver")), """
            es_archiver:
              cluster: [monitor]
              indices:
                - names: ["sec-*"]
                  privileges: [read, view_index_metadata, manage]
            """));
    kafka = KafkaBroker.startWithSasl(base.resolve("kafka"), ports.kafka(), ports.kafkaController(),
        new KafkaBroker.Sasl(Map.of("archiver", KAFKA_PASSWORD), certificates, saslPort, saslSslPort));
    admin = client("admin", ADMIN_PASSWORD);

    for (String index : List.of("sec-basic-" + DATE, "sec-fp-" + DATE, "sec-sasl-" + DATE, "sec-tls-" + DATE,
        "sec-all-" + DATE)) {
      seed(index);
    }
    env.putAll(Map.of("ES_PASSWORD", ES_PASSWORD, "ES_API_KEY", API_KEY, "KAFKA_PASSWORD", KAFKA_PASSWORD,
        "DB_PASSWORD", DB_PASSWORD));
    postgres("postgres", "CREATE DATABASE " + database);
  }

  @AfterAll
  void stop() throws Exception {
    postgres("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    if (admin != null) {
      admin.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (elasticsearch != null) {
      elasticsearch.close();
    }
    if (logCapture != null) {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logCapture);
      logCapture.stop();
    }
  }

  @Test
  void elasticsearchOverHttpsWithCaCertificateAndBasicAuth() throws IOException {
    Path config = config("basic", esBasicAuth(ES_PASSWORD) + "  ca_certificate: " + certificates.caCertificate(),
        kafkaPlain());
    job("basic", "sec-basic-*");

    Result plan = cli(config, "plan", "basic", "--json");

    assertThat(plan.code()).as(plan.all()).isZero();
    assertThat(CliHarness.entry(plan.json(), "sec-basic-" + DATE).path("action").asText()).isEqualTo("archive");
  }

  @Test
  void elasticsearchOverHttpsWithCaFingerprint() throws IOException {
    Path config = config("fp", esBasicAuth(ES_PASSWORD) + "  ca_fingerprint: " + colons(certificates.caFingerprint()),
        kafkaPlain());
    job("fp", "sec-fp-*");

    Result run = cli(config, "run", "fp");

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out()).contains("1 archived");
  }

  @Test
  void wrongElasticsearchCredentialsOrTrustFailWithOneLineNamingTheHost() throws IOException {
    job("wrong", "sec-basic-*");
    String host = elasticsearch.httpUrl();
    String ca = "  ca_certificate: " + certificates.caCertificate();

    Result wrongPassword = cli(config("wrong-pw", esBasicAuth("not-" + ES_PASSWORD) + ca, kafkaPlain()),
        "plan", "wrong");
    Result wrongKey = cli(config("wrong-key", "  api_key: ${ES_API_KEY}\n" + ca, kafkaPlain()), "plan", "wrong");
    Result untrusted = cli(config("untrusted", esBasicAuth(ES_PASSWORD).stripTrailing(), kafkaPlain()),
        "plan", "wrong");
    Result wrongFingerprint = cli(config("wrong-fp", esBasicAuth(ES_PASSWORD) + "  ca_fingerprint: "
        + "ab".repeat(32), kafkaPlain()), "plan", "wrong");

    assertThat(wrongPassword.code()).isEqualTo(2);
    assertThat(wrongPassword.err()).isEqualTo("error: Elasticsearch at " + host + ": authentication failed for user"
        + " archiver (HTTP 401); check elasticsearch.username and elasticsearch.password\n");
    assertThat(wrongKey.code()).isEqualTo(2);
    assertThat(wrongKey.err()).isEqualTo("error: Elasticsearch at " + host + ": authentication failed for the API"
        + " key (HTTP 401); check elasticsearch.api_key (the encoded key)\n");
    assertThat(untrusted.code()).isEqualTo(2);
    assertThat(untrusted.err()).startsWith("error: Elasticsearch at " + host + ": TLS handshake failed (")
        .endsWith("); check elasticsearch.ca_certificate or ca_fingerprint (the server's CA is not trusted by this"
            + " JVM)\n").hasLineCount(1);
    assertThat(wrongFingerprint.code()).isEqualTo(2);
    assertThat(wrongFingerprint.err()).startsWith("error: Elasticsearch at " + host + ": TLS handshake failed (no"
        + " certificate in the server's chain").endsWith("check elasticsearch.ca_fingerprint\n").hasLineCount(1);
  }

  @Test
  void kafkaWithSaslScramPlainAndOverTls() throws IOException {
    Path plainConfig = config("sasl", esBasicAuth(ES_PASSWORD) + caCertificate(), kafkaSasl(saslPort, false));
    Path tlsConfig = config("tls", esBasicAuth(ES_PASSWORD) + caCertificate(), kafkaSasl(saslSslPort, true));
    job("sasl", "sec-sasl-*");
    job("tls", "sec-tls-*");

    Result plain = cli(plainConfig, "run", "sasl");
    Result tls = cli(tlsConfig, "run", "tls");

    assertThat(plain.code()).as(plain.all()).isZero();
    assertThat(tls.code()).as(tls.all()).isZero();
    assertThat(events()).extracting(e -> e.path("type").asText() + " " + e.path("subject").asText())
        .contains("org.esarchiver.index.archived sec-sasl-" + DATE, "org.esarchiver.index.archived sec-tls-" + DATE);
  }

  @Test
  void wrongKafkaPasswordIsReportedNamingTheBrokerAndTheEventsStayInTheOutbox() throws IOException {
    Path config = config("kafka-wrong", esBasicAuth(ES_PASSWORD) + caCertificate(),
        kafkaSasl(saslPort, false).replace("${KAFKA_PASSWORD}", "not-the-password"));
    job("kafkawrong", "sec-basic-*");

    Result run = cli(config, "run", "kafkawrong", "--index", "sec-basic-" + DATE);

    // the archive is committed and its events wait in the outbox for a producer that can log in (see the README)
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.err()).contains("audit events are waiting in the outbox")
        .contains("Kafka at 127.0.0.1:" + saslPort + ": authentication failed (").contains("check kafka.sasl");
  }

  /**
   * Plan, run, a run with wrong passwords, a run and the history on a PostgreSQL state database with a password:
   * stdout, stderr, the log (debug for the archiver, info for the clients), the events, the manifests and files on
   * HDFS, the state directory and the tables of the state database hold none of the secrets.
   */
  @Test
  void noSecretAppearsInAnythingTheArchiverProduces() throws Exception {
    List<String> secrets = List.of(ES_PASSWORD, API_KEY, API_KEY_SECRET, KAFKA_PASSWORD, ADMIN_PASSWORD, DB_PASSWORD);
    Path passwordFile = Files.writeString(dir.resolve("kafka-password"), KAFKA_PASSWORD + "\n");
    Path config = config("all", esBasicAuth(ES_PASSWORD) + caCertificate(), kafkaSasl(saslSslPort, true)
        .replace("password: ${KAFKA_PASSWORD}", "password_file: " + passwordFile));
    Path keyConfig = config("all-key", "  api_key: ${ES_API_KEY}\n" + caCertificate(), kafkaSasl(saslPort, false));
    Path postgresConfig = withDatabase(config("all-pg", esBasicAuth(ES_PASSWORD) + caCertificate(), kafkaPlain()),
        "${DB_PASSWORD}");
    Path malformedDbPassword = withDatabase(config("all-pg-bad", esBasicAuth(ES_PASSWORD) + caCertificate(),
        kafkaPlain()), "[" + DB_PASSWORD + "]");
    job("all", "sec-all-*");
    List<String> clientLoggers = List.of("org.apache.kafka", "org.apache.hadoop", "org.elasticsearch.client",
        "org.apache.http");
    Map<String, Level> levels = new HashMap<>();
    clientLoggers.forEach(name -> levels.put(name, ((Logger) LoggerFactory.getLogger(name)).getLevel()));
    clientLoggers.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO));
    logs.reset();
    List<Result> results = new ArrayList<>();
    try {
      results.add(cli(config, "-v", "plan", "all"));
      results.add(cli(config, "-v", "plan", "all", "--json"));
      results.add(cli(config, "-v", "run", "all"));
      results.add(cli(config, "-v", "run", "all", "--force"));
      results.add(cli(keyConfig, "-v", "plan", "all"));
      results.add(cli(config("all-wrong-es", esBasicAuth("x" + ES_PASSWORD) + caCertificate(), kafkaPlain()),
          "-v", "plan", "all"));
      results.add(cli(config("all-wrong-kafka", esBasicAuth(ES_PASSWORD) + caCertificate(),
          kafkaSasl(saslPort, false).replace("${KAFKA_PASSWORD}", "x" + KAFKA_PASSWORD)), "-v", "run", "all",
          "--force"));
      results.add(cli(config("all-bad", "  username: archiver\n  password: [" + ES_PASSWORD + "]\n"
          + caCertificate(), kafkaPlain()), "-v", "plan", "all"));
      results.add(cli(postgresConfig, "-v", "run", "all", "--force"));
      results.add(cli(postgresConfig, "-v", "history", "all", "--json"));
      results.add(cli(malformedDbPassword, "-v", "run", "all", "--force"));
    } finally {
      levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }
    assertThat(results.get(2).code()).as(results.get(2).all()).isZero();
    assertThat(results.get(3).code()).as(results.get(3).all()).isZero();
    assertThat(results.subList(4, 8)).extracting(Result::code).containsExactly(2, 2, 0, 2);
    assertThat(results.get(6).err()).contains("authentication failed");
    assertThat(results.subList(8, 11)).extracting(Result::code).containsExactly(0, 0, 2);
    assertThat(results.get(9).out()).as("the run's history, read from PostgreSQL").contains("sec-all-" + DATE);
    assertThat(results.get(10).err()).contains("database.password");

    StringBuilder everything = new StringBuilder();
    results.forEach(result -> everything.append(result.all()));
    everything.append(logs.toString(StandardCharsets.UTF_8));
    events().forEach(event -> everything.append(event).append('\n'));
    try (FileSystem hdfs = FileSystem.newInstance(stack.hdfsUri(), stack.hadoopConfiguration())) {
      RemoteIterator<LocatedFileStatus> files = hdfs.listFiles(new org.apache.hadoop.fs.Path("/it-secured/all"), true);
      int manifests = 0;
      while (files.hasNext()) {
        org.apache.hadoop.fs.Path file = files.next().getPath();
        manifests += file.getName().equals("_manifest.json") ? 1 : 0;
        try (var in = hdfs.open(file)) {
          everything.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).append('\n');
        }
      }
      assertThat(manifests).as("manifests read").isGreaterThanOrEqualTo(1);
    }
    for (String table : List.of("esa_outbox", "esa_jobs", "esa_runs", "esa_run_indices")) {
      everything.append(postgres(database, "SELECT t::text FROM " + table + " t")).append('\n');
    }
    try (Stream<Path> state = Files.walk(dir.resolve("state"))) {
      for (Path file : state.filter(Files::isRegularFile).toList()) {
        everything.append(Files.readString(file, StandardCharsets.ISO_8859_1)).append('\n');
      }
    }

    String produced = everything.toString();
    assertThat(produced).as("what was captured").contains("sec-all-" + DATE).contains("archiver")
        .contains("authentication failed");
    for (String secret : secrets) {
      assertThat(produced).as("a secret of length " + secret.length() + " appears").doesNotContain(secret);
    }
  }

  // --- the archiver's command line -----------------------------------------------------------------------------

  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }

    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  private Result cli(Path config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--jobs-dir",
        dir.resolve("jobs").toString()));
    all.addAll(List.of(args));
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), env, all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private Path config(String name, String elasticsearchAuth, String kafkaSection) throws IOException {
    return Files.writeString(dir.resolve(name + ".yaml"), """
        elasticsearch:
          hosts: ["%s"]
        %s
        hadoop:
          default_fs: %s
          properties:
            dfs.replication: "1"
        kafka:
          audit_topic: %s
        %s
        state_dir: %s
        """.formatted(elasticsearch.httpUrl(), elasticsearchAuth.stripTrailing(), stack.hdfsUri(), TOPIC,
        kafkaSection.stripTrailing(), dir.resolve("state")));
  }

  /** The config with the PostgreSQL state database of this class, {@code password} as written in the YAML. */
  private Path withDatabase(Path config, String password) throws IOException {
    return Files.writeString(config, Files.readString(config) + """
        database:
          url: %s%s
          username: postgres
          password: %s
        """.formatted(POSTGRES, database, password));
  }

  /** Runs {@code sql} in {@code db}; the rows of a query, one per line. */
  private static String postgres(String db, String sql) throws SQLException {
    StringBuilder rows = new StringBuilder();
    try (Connection connection = DriverManager.getConnection(POSTGRES + db, "postgres", "");
        Statement statement = connection.createStatement()) {
      if (statement.execute(sql)) {
        try (ResultSet result = statement.getResultSet()) {
          while (result.next()) {
            rows.append(result.getString(1)).append('\n');
          }
        }
      }
    }
    return rows.toString();
  }

  private void job(String name, String pattern) throws IOException {
    Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(dir.resolve("jobs").resolve(name + ".yaml"), """
        indices: ["%s"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: /it-secured/{job}/{index}
        """.formatted(pattern));
  }

  private static String esBasicAuth(String password) {
    return "  username: archiver\n  password: " + (password.equals(ES_PASSWORD) ? "${ES_PASSWORD}" : password)
        + "\n";
  }

  private String caCertificate() {
    return "  ca_certificate: " + certificates.caCertificate();
  }

  private String kafkaPlain() {
    return "  bootstrap_servers: " + kafka.bootstrapServers();
  }

  private String kafkaSasl(int port, boolean tls) {
    return "  bootstrap_servers: 127.0.0.1:" + port + "\n"
        + "  sasl:\n    mechanism: SCRAM-SHA-512\n    username: archiver\n    password: ${KAFKA_PASSWORD}\n"
        + (tls ? "  ca_certificate: " + certificates.caCertificate() + "\n" : "");
  }

  /** The fingerprint as openssl prints it (AB:CD:...), which the archiver accepts as well. */
  private static String colons(String hex) {
    return String.join(":", hex.toUpperCase().split("(?<=\\G..)"));
  }

  // --- the services ------------------------------------------------------------------------------------------

  private RestClient client(String user, String password) {
    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
    credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(user, password));
    return RestClient.builder(HttpHost.create(elasticsearch.httpUrl()))
        .setHttpClientConfigCallback(http -> http.setSSLContext(TrustedCa.sslContext(certificates.caCertificate()))
            .setDefaultCredentialsProvider(credentials))
        .build();
  }

  private JsonNode es(String method, String endpoint, String body) throws IOException {
    Request request = new Request(method, endpoint);
    if (body != null) {
      request.setJsonEntity(body);
    }
    return JSON.readTree(EntityUtils.toString(admin.performRequest(request).getEntity()));
  }

  private void seed(String index) throws IOException {
    es("PUT", "/" + index, """
        {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
         "mappings": {"properties": {"message": {"type": "text"}, "status": {"type": "long"}}}}""");
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"d").append(i).append("\"}}\n")
          .append("{\"message\":\"line ").append(i).append("\",\"status\":").append(200 + i).append("}\n");
    }
    JsonNode response = es("POST", "/_bulk?refresh=true", bulk.toString());
    assertThat(response.path("errors").asBoolean()).as(response.toString()).isFalse();
  }

  /** Every event on the audit topic, read through the broker's PLAINTEXT listener. */
  private List<JsonNode> events() throws IOException {
    return TestCluster.events(kafka.bootstrapServers(), TOPIC);
  }

  /** Everything logged in this JVM while the class runs, with stack traces, as the archiver's log would hold it. */
  private void captureLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%-5level %logger - %msg%n%ex");
    encoder.start();
    logCapture = new OutputStreamAppender<>();
    logCapture.setContext(context);
    logCapture.setEncoder(encoder);
    logCapture.setOutputStream(logs);
    logCapture.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logCapture);
  }
}
