package org.esarchiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.esarchiver.testsupport.ElasticsearchNode;
import org.esarchiver.testsupport.KafkaBroker;
import org.esarchiver.testsupport.KerberizedHdfs;
import org.esarchiver.testsupport.LocalStackPorts;
import org.esarchiver.testsupport.LocalStackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The archiver against a Kerberos-secured HDFS: a KDC (MiniKdc) issuing tickets of {@link #TICKET_LIFETIME}, a
 * MiniDFSCluster with Kerberos RPC, block tokens and SASL data transfer, an Elasticsearch node and a Kafka broker of
 * its own. The archiver runs in JVMs of its own, logged in from its keytab. Kerberos login state is JVM-wide, so this
 * class runs in the {@code kerberos} failsafe execution, alone in its JVM ({@code make test-faults}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsKerberosIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TICKET_LIFETIME = Duration.ofSeconds(30);
  private static final String ARCHIVER = "es-archiver/localhost";
  private static final String ARCHIVER_PRINCIPAL = ARCHIVER + "@" + KerberizedHdfs.REALM;
  private static final String TOPIC = "it-kerberos";
  private static final String ROOT = "/krb-archive";

  /** Kept when a test fails: the outputs of the archiver's JVMs are there. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private Path base;
  private KerberizedHdfs secure;
  private ElasticsearchNode elasticsearch;
  private KafkaBroker kafka;
  private RestClient es;
  private FileSystem hdfs;
  private Path archiverKeytab;
  private Path otherKeytab;
  private Path logbackConfig;
  private final ListAppender<ILoggingEvent> kdcLog = new ListAppender<>();

  @BeforeAll
  void start() throws Exception {
    kdcLog.start();
    ((Logger) LoggerFactory.getLogger("org.apache.kerby.kerberos.kerb.server.request")).addAppender(kdcLog);
    // Elasticsearch runs as another user when the tests run as root: its home must be reachable
    base = Files.createTempDirectory(Path.of("/tmp"), "es-archiver-kerberos-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    secure = KerberizedHdfs.start(base.resolve("secure"), TICKET_LIFETIME);
    archiverKeytab = secure.createPrincipal(ARCHIVER, "archiver.keytab");
    otherKeytab = secure.createPrincipal("intruder/localhost", "intruder.keytab");

    LocalStackPorts ports = LocalStackPorts.free();
    LocalStackSettings settings = LocalStackSettings.fromSystemProperties(base, ports);
    kafka = KafkaBroker.start(base.resolve("kafka"), ports.kafka(), ports.kafkaController());
    elasticsearch = ElasticsearchNode.start(settings.esVersion(), settings.esDistDir(), base.resolve("es"),
        ports.esHttp(), ports.esTransport());
    es = RestClient.builder(HttpHost.create(elasticsearch.httpUrl())).build();

    // the HDFS superuser (this JVM's login) gives the archiver's principal a directory of its own
    hdfs = FileSystem.newInstance(secure.uri(), secure.configuration());
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(ROOT);
    hdfs.mkdirs(root, new FsPermission((short) 0755));
    hdfs.setOwner(root, "es-archiver", "es-archiver");

    // the archiver's log with Hadoop's and the JDK's security loggers at INFO, the archiver at DEBUG (-v)
    logbackConfig = Files.writeString(dir.resolve("logback-kerberos.xml"), """
        <configuration>
          <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n</pattern></encoder>
          </appender>
          <logger name="org.apache.hadoop.security" level="DEBUG"/>
          <root level="INFO"><appender-ref ref="STDERR"/></root>
        </configuration>
        """);
  }

  @AfterAll
  void stop() throws IOException {
    ((Logger) LoggerFactory.getLogger("org.apache.kerby.kerberos.kerb.server.request")).detachAppender(kdcLog);
    if (hdfs != null) {
      hdfs.close();
    }
    if (es != null) {
      es.close();
    }
    if (elasticsearch != null) {
      elasticsearch.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (secure != null) {
      secure.close();
    }
    if (base != null) {
      org.apache.hadoop.fs.FileUtil.fullyDelete(base.toFile());
    }
  }

  @Test
  @Order(1)
  void runArchivesAnIndexToTheSecuredHdfsAsTheKeytabsPrincipal() throws Exception {
    String index = seed("krb-run-", 5, 40);
    Path config = config("run", ARCHIVER_PRINCIPAL, archiverKeytab);
    job("krbrun", "krb-run-*");

    Spawned run = spawn("run", config, "-v", "run", "krbrun");

    assertThat(run.code()).as(run.output()).isZero();
    assertThat(run.output()).contains("1 archived");
    org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path(ROOT + "/krbrun/" + index);
    JsonNode manifest = JSON.readTree(hdfs.open(new org.apache.hadoop.fs.Path(partition, "_manifest.json")));
    assertThat(manifest.path("rows").asLong()).isEqualTo(40);
    assertThat(hdfs.getFileStatus(partition).getOwner()).as("written as the principal's short name")
        .isEqualTo("es-archiver");
    assertThat(events()).extracting(e -> e.path("type").asText() + " " + e.path("subject").asText())
        .contains("org.esarchiver.index.archived " + index);
  }

  /**
   * The scheduler service logs in once, at start; it archives one index, then, after its first ticket and the next
   * one have expired, another: the KDC saw it log in again from the keytab before each ticket expired.
   */
  @Test
  @Order(2)
  void schedulerLogsInAgainFromTheKeytabBeforeEachTicketExpires() throws Exception {
    String first = seed("krb-sched-", 6, 30);
    Path config = config("sched", ARCHIVER_PRINCIPAL, archiverKeytab);
    job("krbsched", "krb-sched-*", "schedule: {cron: \"0/5 * * * * ?\"}");
    Instant started = Instant.now();
    Process scheduler = spawnProcess("scheduler", config, "-v", "schedule");
    try {
      await(() -> archived("krbsched", first), 180, "scheduler");
      Instant firstLogin = logins(started).get(0);
      Instant twoLifetimesLater = firstLogin.plus(TICKET_LIFETIME.multipliedBy(2)).plusSeconds(5);
      while (Instant.now().isBefore(twoLifetimesLater)) {
        Thread.sleep(500);
      }

      String second = seed("krb-sched-", 7, 30);
      await(() -> archived("krbsched", second), 120, "scheduler");

      scheduler.destroy(); // SIGTERM
      assertThat(scheduler.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(scheduler.exitValue()).as(output("scheduler")).isZero();
    } finally {
      scheduler.destroyForcibly();
      scheduler.waitFor(30, TimeUnit.SECONDS);
    }
    List<Instant> logins = logins(started);
    assertThat(logins).as("TGTs issued to %s while the scheduler ran", ARCHIVER_PRINCIPAL).hasSizeGreaterThanOrEqualTo(3);
    for (int i = 1; i < logins.size(); i++) {
      assertThat(Duration.between(logins.get(i - 1), logins.get(i))).as("login %d came before ticket %d expired", i,
          i - 1).isLessThan(TICKET_LIFETIME);
    }
    assertThat(output("scheduler")).contains("Login successful for user " + ARCHIVER_PRINCIPAL)
        .containsPattern(Pattern.quote("[TGT Renewer for " + ARCHIVER_PRINCIPAL + "]") + " .* "
            + Pattern.quote("Initiating re-login for " + ARCHIVER_PRINCIPAL))
        .doesNotContain("index.failed");
  }

  @Test
  @Order(3)
  void aWrongKeytabOrAnUnknownPrincipalIsOneLineNamingThePrincipalAndExitCode2() throws Exception {
    job("krbwrong", "krb-run-*");
    String unknown = "nobody/localhost@" + KerberizedHdfs.REALM;

    Spawned wrongKeytab = spawnQuiet("wrong-keytab", config("wrong-keytab", ARCHIVER_PRINCIPAL, otherKeytab),
        "plan", "krbwrong");
    Spawned unknownPrincipal = spawnQuiet("unknown-principal",
        config("unknown-principal", unknown, archiverKeytab), "plan", "krbwrong");

    assertThat(wrongKeytab.code()).as(wrongKeytab.output()).isEqualTo(2);
    assertThat(wrongKeytab.err()).startsWith("error: hadoop.kerberos: cannot log in as " + ARCHIVER_PRINCIPAL
        + " with keytab " + otherKeytab + ": the keytab holds no key of this principal").hasLineCount(1);
    assertThat(unknownPrincipal.code()).as(unknownPrincipal.output()).isEqualTo(2);
    assertThat(unknownPrincipal.err()).startsWith("error: hadoop.kerberos: cannot log in as " + unknown
        + " with keytab " + archiverKeytab + ": the keytab holds no key of this principal").hasLineCount(1);
  }

  /** The keys of the keytab appear nowhere: outputs and logs of every run above, events, archives, state. */
  @Test
  @Order(4)
  void noKeyOfTheKeytabAppearsInAnythingTheArchiverProduced() throws Exception {
    List<String> secrets = keytabSecrets(archiverKeytab);
    StringBuilder everything = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().endsWith(".keytab")
          && !f.getFileName().toString().endsWith(".xml") && !f.getFileName().toString().endsWith(".yaml"))
          .toList()) {
        everything.append(Files.readString(file, StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    events().forEach(event -> everything.append(event).append('\n'));
    RemoteIterator<LocatedFileStatus> archived = hdfs.listFiles(new org.apache.hadoop.fs.Path(ROOT), true);
    int manifests = 0;
    while (archived.hasNext()) {
      org.apache.hadoop.fs.Path file = archived.next().getPath();
      manifests += file.getName().equals("_manifest.json") ? 1 : 0;
      try (var in = hdfs.open(file)) {
        everything.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }

    String produced = everything.toString();
    assertThat(manifests).as("manifests read").isGreaterThanOrEqualTo(3);
    assertThat(produced).as("what was captured").contains(ARCHIVER_PRINCIPAL).contains("archiver.keytab")
        .contains("cannot log in as");
    for (String secret : secrets) {
      assertThat(produced).as("a key of the keytab (%d characters) appears", secret.length())
          .doesNotContain(secret);
    }
  }

  // --- the archiver ------------------------------------------------------------------------------------------

  record Spawned(int code, String out, String err) {
    String output() {
      return out + err;
    }
  }

  /** The archiver with Hadoop's security loggers at DEBUG (see {@link #logbackConfig}), to its end. */
  private Spawned spawn(String name, Path config, String... args) throws Exception {
    return waitFor(name, spawnProcess(name, config, args));
  }

  /** The archiver with the logging a user gets. */
  private Spawned spawnQuiet(String name, Path config, String... args) throws Exception {
    return waitFor(name, CliHarness.spawn(dir, name, List.of("-Djava.security.krb5.conf=" + secure.krb5Conf()),
        config, dir.resolve("jobs"), Map.of(), args));
  }

  private Spawned waitFor(String name, Process process) throws Exception {
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("%s ends; output: %s", name, output(name)).isTrue();
    return new Spawned(process.exitValue(), Files.readString(dir.resolve(name + ".out")),
        Files.readString(dir.resolve(name + ".err")));
  }

  private Process spawnProcess(String name, Path config, String... args) throws IOException {
    return CliHarness.spawn(dir, name, List.of("-Djava.security.krb5.conf=" + secure.krb5Conf(),
        "-Dlogback.configurationFile=" + logbackConfig), config, dir.resolve("jobs"), Map.of(), args);
  }

  private String output(String name) throws IOException {
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(err) ? Files.readString(err) : "");
  }

  private Path config(String name, String principal, Path keytab) throws IOException {
    Path confDir = secure.writeClientConf(dir.resolve("hadoop-conf"));
    return Files.writeString(dir.resolve(name + ".yaml"), """
        elasticsearch:
          hosts: ["%s"]
        hadoop:
          default_fs: %s
          conf_dir: %s
          kerberos:
            principal: %s
            keytab: %s
          properties:
            dfs.replication: "1"
            hadoop.kerberos.min.seconds.before.relogin: "1"
            # an idle NameNode connection closes after 1 s: each fire authenticates anew with the current ticket
            ipc.client.connection.maxidletime: "1000"
        kafka:
          bootstrap_servers: %s
          audit_topic: %s
        state_dir: %s
        scheduler:
          node: krb-node
          shutdown_grace: 5s
        """.formatted(elasticsearch.httpUrl(), secure.uri(), confDir, principal, keytab, kafka.bootstrapServers(),
        TOPIC, dir.resolve("state-" + name)));
  }

  private void job(String name, String pattern, String... extra) throws IOException {
    Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(dir.resolve("jobs").resolve(name + ".yaml"), """
        indices: ["%s"]
        age: {date_pattern: yyyy.MM.dd, older_than: 1d}
        destination: %s/{job}/{index}
        """.formatted(pattern, ROOT) + String.join("\n", extra) + "\n");
  }

  private boolean archived(String job, String index) {
    try {
      return hdfs.exists(new org.apache.hadoop.fs.Path(ROOT + "/" + job + "/" + index + "/_manifest.json"));
    } catch (IOException e) {
      return false;
    }
  }

  /** When the KDC issued a ticket-granting ticket to the archiver's principal since {@code since}, in order. */
  private List<Instant> logins(Instant since) {
    List<Instant> logins = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(kdcLog.list)) {
      String message = event.getFormattedMessage();
      Instant at = Instant.ofEpochMilli(event.getTimeStamp());
      if (message.startsWith("AS_REQ ISSUE") && message.contains(ARCHIVER) && message.contains(" for krbtgt/")
          && !at.isBefore(since)) {
        logins.add(at);
      }
    }
    return logins;
  }

  private void await(BooleanSupplier check, int seconds, String process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (check.getAsBoolean()) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("not within " + seconds + " s; output of " + process + ":\n" + output(process));
  }

  /** Each key of the keytab as raw bytes, hex (both cases) and Base64, and the whole keytab in Base64. */
  private static List<String> keytabSecrets(Path keytab) throws IOException {
    List<String> secrets = new ArrayList<>();
    Keytab entries = Keytab.loadKeytab(keytab.toFile());
    for (PrincipalName principal : entries.getPrincipals()) {
      for (KeytabEntry entry : entries.getKeytabEntries(principal)) {
        byte[] key = entry.getKey().getKeyData();
        secrets.add(new String(key, StandardCharsets.ISO_8859_1));
        secrets.add(HexFormat.of().formatHex(key));
        secrets.add(HexFormat.of().withUpperCase().formatHex(key));
        secrets.add(java.util.Base64.getEncoder().encodeToString(key));
      }
    }
    assertThat(secrets).as("keys in " + keytab).isNotEmpty();
    secrets.add(java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(keytab)));
    return secrets;
  }

  // --- the services ------------------------------------------------------------------------------------------

  private String seed(String prefix, int daysAgo, int documents) throws IOException {
    String index = prefix + LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo)
        .format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
    Request create = new Request("PUT", "/" + index);
    create.setJsonEntity("""
        {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
         "mappings": {"properties": {"message": {"type": "text"}, "status": {"type": "long"}}}}""");
    es.performRequest(create);
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < documents; i++) {
      bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"d").append(i).append("\"}}\n")
          .append("{\"message\":\"line ").append(i).append("\",\"status\":").append(200 + i).append("}\n");
    }
    Request request = new Request("POST", "/_bulk?refresh=true");
    request.setJsonEntity(bulk.toString());
    JsonNode response = JSON.readTree(EntityUtils.toString(es.performRequest(request).getEntity()));
    assertThat(response.path("errors").asBoolean()).as(response.toString()).isFalse();
    return index;
  }

  private List<JsonNode> events() throws IOException {
    return TestCluster.events(kafka.bootstrapServers(), TOPIC);
  }
}
