package org.esarchiver.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binds the tree of conf/archiver.yaml to {@link ArchiverConfig}, checking every value. */
final class ArchiverConfigReader {
  static final String[] TOP_LEVEL_KEYS = {"elasticsearch", "hadoop", "kafka", "state_dir", "database", "scheduler"};
  static final String DEFAULT_AUDIT_TOPIC = "es-archiver.audit";
  static final Path DEFAULT_STATE_DIR = Path.of("state");
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** Long enough for a node to restart (35-80 s on a loaded 2-core machine) and recover its shards. */
  static final Duration DEFAULT_RETRY_FOR = Duration.ofMinutes(3);

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?):(\\d{1,5})");
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private ArchiverConfigReader() {}

  static ArchiverConfig read(Section root) {
    ElasticsearchConnection elasticsearch = elasticsearch(root.section("elasticsearch",
        "hosts", "username", "password", "api_key", "ca_certificate", "ca_fingerprint", "request_timeout",
        "retry_for"));
    HadoopConnection hadoop = hadoop(root.section("hadoop", "default_fs", "conf_dir", "user", "kerberos",
        "properties"));
    KafkaConnection kafka = kafka(root.section("kafka", "bootstrap_servers", "audit_topic", "sasl", "ca_certificate",
        "producer"));
    Path stateDir = root.optional("state_dir", ValueTypes.path(), DEFAULT_STATE_DIR.toAbsolutePath());
    DatabaseConnection database = database(root.section("database", "url", "username", "password"));
    SchedulerSettings scheduler = scheduler(root.section("scheduler", "node", "threads", "misfire_threshold",
        "shutdown_grace", "reload_interval", "http"));
    return new ArchiverConfig(elasticsearch, hadoop, kafka, stateDir, database, scheduler);
  }

  private static DatabaseConnection database(Section section) {
    String expected = "embedded, or a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/esarchiver";
    Optional<String> url = section.optional("url", ValueType.of(expected, field -> {
      String text = field.text(expected).trim();
      if (text.equalsIgnoreCase("embedded")) {
        return Optional.<String>empty();
      }
      if (!text.startsWith("jdbc:postgresql:")) {
        throw field.invalid(expected);
      }
      if (text.contains("password=")) {
        throw field.problem("a password in the URL is not allowed", "database.password set separately");
      }
      return Optional.of(text);
    }), Optional.empty());
    Optional<String> username = section.optional("username", ValueTypes.string());
    Optional<Secret> password = section.secret("password");
    if (url.isEmpty() && (username.isPresent() || password.isPresent())) {
      throw section.field(username.isPresent() ? "username" : "password").problem(
          "the embedded database takes no credentials", "database.url to be a PostgreSQL JDBC URL as well");
    }
    return new DatabaseConnection(url, username, password);
  }

  private static SchedulerSettings scheduler(Section section) {
    Optional<String> node = section.optional("node", ValueTypes.matching(n -> n.matches("[A-Za-z0-9._:-]{1,100}"),
        "a node name of letters, digits, '.', '_', ':' or '-'"));
    int threads = section.optional("threads", ValueTypes.integer(1, 64), 4);
    Duration misfireThreshold = section.optional("misfire_threshold",
        Quantities.duration(Duration.ofSeconds(1), "1m"), Duration.ofMinutes(1));
    Duration shutdownGrace = section.optional("shutdown_grace", Quantities.duration(Duration.ZERO, "2m"),
        Duration.ofMinutes(2));
    Duration reloadInterval = section.optional("reload_interval", Quantities.duration(Duration.ofSeconds(1), "10s"),
        Duration.ofSeconds(10));
    String expected = "host:port to serve /metrics and /health on, such as 127.0.0.1:9464, or off";
    Optional<java.net.InetSocketAddress> http = section.optional("http", ValueType.of(expected, field -> {
      String text = field.text(expected).trim();
      if (text.equalsIgnoreCase("off")) {
        return Optional.<java.net.InetSocketAddress>empty();
      }
      Matcher matcher = HOST_PORT.matcher(text);
      if (!matcher.matches() || Integer.parseInt(matcher.group(3)) > 65535) {
        throw field.invalid(expected);
      }
      return Optional.of(new java.net.InetSocketAddress(matcher.group(1), Integer.parseInt(matcher.group(3))));
    }), Optional.empty());
    return new SchedulerSettings(node, threads, misfireThreshold, shutdownGrace, reloadInterval, http);
  }

  private static ElasticsearchConnection elasticsearch(Section section) {
    List<URI> hosts = section.required("hosts", ValueTypes.nonEmpty(ValueTypes.list(
        "a list of URLs such as http://127.0.0.1:9200 (or one string of comma-separated URLs)",
        elasticsearchUrl(), true)));
    Optional<String> username = section.optional("username", ValueTypes.string());
    Optional<Secret> password = section.secret("password");
    Optional<Secret> apiKey = section.secret("api_key");
    if (password.isPresent() && username.isEmpty()) {
      throw section.field("password").problem("a password requires a username",
          "elasticsearch.username to be set as well");
    }
    if (username.isPresent() && password.isEmpty()) {
      throw section.field("username").problem("a username requires a password",
          "elasticsearch.password to be set as well");
    }
    if (apiKey.isPresent() && username.isPresent()) {
      throw section.field("api_key").problem("cannot be combined with username and password",
          "either api_key or username and password");
    }
    Optional<Path> caCertificate = section.optional("ca_certificate",
        ValueTypes.readableFile("a readable PEM file with the CA certificate"));
    Optional<String> caFingerprint = section.optional("ca_fingerprint", sha256Fingerprint());
    if (caFingerprint.isPresent() && caCertificate.isPresent()) {
      throw section.field("ca_fingerprint").problem("cannot be combined with ca_certificate",
          "either ca_certificate or ca_fingerprint");
    }
    if ((caFingerprint.isPresent() || caCertificate.isPresent())
        && hosts.stream().noneMatch(host -> host.getScheme().equals("https"))) {
      String key = caFingerprint.isPresent() ? "ca_fingerprint" : "ca_certificate";
      throw section.field(key).problem("is only used with https hosts", "elasticsearch.hosts with https:// URLs");
    }
    Duration requestTimeout = section.optional("request_timeout",
        Quantities.duration(Duration.ZERO, "60s"), DEFAULT_REQUEST_TIMEOUT);
    Duration retryFor = section.optional("retry_for", Quantities.duration(Duration.ZERO, "3m"),
        DEFAULT_RETRY_FOR);
    return new ElasticsearchConnection(hosts, username, password, apiKey, caCertificate, caFingerprint,
        requestTimeout, retryFor);
  }

  /** 64 hex digits, with or without colons, either case (Elasticsearch and openssl print it differently). */
  private static ValueType<String> sha256Fingerprint() {
    String expected = "the SHA-256 fingerprint of the CA certificate: 64 hex digits, colons allowed";
    return ValueType.of(expected, field -> {
      String hex = field.text(expected).trim().replace(":", "").toLowerCase(Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw field.invalid(expected);
      }
      return hex;
    });
  }

  private static ValueType<URI> elasticsearchUrl() {
    String expected = "a URL such as http://127.0.0.1:9200 (http or https, a host and a port)";
    return ValueType.of(expected, field -> {
      String text = field.text(expected).trim();
      if (text.contains("@")) {
        // Not quoted: the value holds credentials.
        throw field.problem("credentials in the URL are not allowed",
            expected + ", with elasticsearch.username and password or api_key set separately");
      }
      try {
        URI uri = new URI(text);
        boolean httpScheme = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        boolean bare = (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
            && uri.getQuery() == null && uri.getFragment() == null;
        if (httpScheme && uri.getHost() != null && uri.getPort() > 0 && uri.getPort() <= 65535 && bare) {
          String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
          return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
        }
      } catch (URISyntaxException e) {
        // reported below with the value
      }
      throw field.invalid(expected);
    });
  }

  private static HadoopConnection hadoop(Section section) {
    URI defaultFs = section.required("default_fs", filesystemUri());
    Optional<Path> confDir = section.optional("conf_dir",
        ValueTypes.directory("a directory with core-site.xml and hdfs-site.xml"));
    Optional<String> user = section.optional("user", ValueTypes.string());
    Optional<KerberosLogin> kerberos = section.optionalSection("kerberos", "principal", "keytab")
        .map(ArchiverConfigReader::kerberos);
    if (kerberos.isPresent() && user.isPresent()) {
      throw section.field("user").problem("cannot be combined with kerberos (the principal is the user)",
          "either hadoop.user or hadoop.kerberos");
    }
    Map<String, String> properties =
        section.optional("properties", ValueTypes.stringMap("{dfs.replication: 1}"), Map.of());
    return new HadoopConnection(defaultFs, confDir, user, kerberos, properties);
  }

  private static KerberosLogin kerberos(Section section) {
    String principal = section.required("principal", ValueTypes.matching(p -> p.matches("[^\\s@]+(@[^\\s@]+)?"),
        "a Kerberos principal such as es-archiver/host.example.com@EXAMPLE.COM"));
    Path keytab = section.required("keytab", ValueTypes.readableFile("a readable keytab file of the principal"));
    return new KerberosLogin(principal, keytab);
  }

  private static ValueType<URI> filesystemUri() {
    String expected = "a filesystem URI with a scheme such as hdfs://namenode:8020 or file:///var/lib/es-archiver";
    return ValueType.of(expected, field -> {
      try {
        URI uri = new URI(field.text(expected).trim());
        // "namenode:8020" parses as an opaque URI with scheme "namenode": reject it, Hadoop needs scheme://...
        if (uri.getScheme() != null && !uri.isOpaque()) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // reported below with the value
      }
      throw field.invalid(expected);
    });
  }

  private static KafkaConnection kafka(Section section) {
    List<String> servers = section.required("bootstrap_servers", ValueTypes.nonEmpty(ValueTypes.list(
        "host:port of Kafka brokers such as 127.0.0.1:9092 (several separated by commas)",
        ValueTypes.matching(ArchiverConfigReader::isHostPort, "host:port such as 127.0.0.1:9092"), true)));
    String auditTopic = section.optional("audit_topic", ValueTypes.matching(
        topic -> TOPIC.matcher(topic).matches() && !topic.equals(".") && !topic.equals(".."),
        "a Kafka topic name of 1 to 249 letters, digits, '.', '_' or '-'"), DEFAULT_AUDIT_TOPIC);
    Optional<KafkaSasl> sasl = section.optionalSection("sasl", "mechanism", "username", "password", "password_file")
        .map(ArchiverConfigReader::kafkaSasl);
    Optional<Path> caCertificate = section.optional("ca_certificate",
        ValueTypes.readableFile("a readable PEM file with the CA certificate"));
    Map<String, String> producer = section.optional("producer", ValueTypes.stringMap("{linger.ms: 5}"), Map.of());
    return new KafkaConnection(String.join(",", servers), auditTopic, sasl, caCertificate, producer);
  }

  private static KafkaSasl kafkaSasl(Section section) {
    KafkaSasl.Mechanism mechanism = section.optional("mechanism", ValueTypes.choice(Map.of(
        "scram-sha-512", KafkaSasl.Mechanism.SCRAM_SHA_512,
        "scram-sha-256", KafkaSasl.Mechanism.SCRAM_SHA_256,
        "plain", KafkaSasl.Mechanism.PLAIN)), KafkaSasl.Mechanism.SCRAM_SHA_512);
    String username = section.required("username", ValueTypes.string());
    Optional<Secret> password = section.secret("password");
    Optional<Path> passwordFile = section.optional("password_file",
        ValueTypes.readableFile("a readable file holding the password"));
    if (password.isPresent() == passwordFile.isPresent()) {
      throw section.field("password").problem(password.isPresent() ? "cannot be combined with password_file"
          : "missing required value", "either password (e.g. ${KAFKA_PASSWORD}) or password_file");
    }
    Secret secret = password.orElseGet(() -> readSecret(section.field("password_file"), passwordFile.get()));
    return new KafkaSasl(mechanism, username, secret);
  }

  /** The file's content without its trailing line break; a file holding nothing is an error. */
  private static Secret readSecret(Field field, Path file) {
    try {
      String value = Files.readString(file).strip();
      if (value.isEmpty()) {
        throw field.problem(Field.show(file.toString()) + " is empty", "a file holding the password");
      }
      return new Secret(value);
    } catch (IOException | UncheckedIOException e) {
      throw field.problem("cannot read " + Field.show(file.toString()) + " (" + e.getMessage() + ")",
          "a readable file holding the password");
    }
  }

  private static boolean isHostPort(String text) {
    Matcher matcher = HOST_PORT.matcher(text);
    if (!matcher.matches()) {
      return false;
    }
    int port = Integer.parseInt(matcher.group(3));
    return port > 0 && port <= 65535;
  }
}
