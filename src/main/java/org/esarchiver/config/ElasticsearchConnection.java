package org.esarchiver.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to reach Elasticsearch. With https, the server's certificate must chain to {@code caCertificate}, or to the CA
 * whose SHA-256 is {@code caFingerprint} (lower-case hex), or else to a CA the JVM trusts. Transient failures of a
 * request are retried for {@code retryFor} at most. Secrets are never printed: see {@link #toString()}.
 */
public record ElasticsearchConnection(
    List<URI> hosts,
    Optional<String> username,
    Optional<Secret> password,
    Optional<Secret> apiKey,
    Optional<Path> caCertificate,
    Optional<String> caFingerprint,
    Duration requestTimeout,
    Duration retryFor) {

  @Override
  public String toString() {
    return "ElasticsearchConnection[hosts=" + hosts + ", username=" + username.orElse("-")
        + ", password=" + password.map(Secret::toString).orElse("-")
        + ", apiKey=" + apiKey.map(Secret::toString).orElse("-")
        + ", caCertificate=" + caCertificate.map(Path::toString).orElse("-")
        + ", caFingerprint=" + caFingerprint.orElse("-")
        + ", requestTimeout=" + requestTimeout + ", retryFor=" + retryFor + "]";
  }
}
