package org.esarchiver.app;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.esarchiver.config.ConfigException;
import org.esarchiver.config.ElasticsearchConnection;
import org.esarchiver.source.ElasticsearchHttp;
import org.esarchiver.source.SourceException;

/**
 * Builds the Elasticsearch clients from the connection settings: hosts, basic auth or API key, and for https the CA
 * to trust (a PEM file, or the SHA-256 fingerprint of a CA the server presents).
 */
final class ElasticsearchClients {
  private ElasticsearchClients() {}

  static RestClient restClient(ElasticsearchConnection es) {
    HttpHost[] hosts = es.hosts().stream()
        .map(uri -> new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme()))
        .toArray(HttpHost[]::new);
    RestClientBuilder builder = RestClient.builder(hosts);
    es.apiKey().ifPresent(key -> builder.setDefaultHeaders(
        new Header[] {new BasicHeader("Authorization", "ApiKey " + key.value())}));
    SSLContext ssl = es.caCertificate().map(ElasticsearchClients::trusting)
        .or(() -> es.caFingerprint().map(CaFingerprintTrust::sslContext))
        .orElse(null);
    builder.setHttpClientConfigCallback(http -> {
      es.username().ifPresent(user -> {
        var credentials = new BasicCredentialsProvider();
        credentials.setCredentials(AuthScope.ANY,
            new UsernamePasswordCredentials(user, es.password().map(p -> p.value()).orElse("")));
        http.setDefaultCredentialsProvider(credentials);
      });
      if (ssl != null) {
        http.setSSLContext(ssl);
      }
      return http;
    });
    int timeoutMillis = (int) es.requestTimeout().toMillis();
    builder.setRequestConfigCallback(request -> request.setConnectTimeout(Math.min(timeoutMillis, 10_000))
        .setSocketTimeout(timeoutMillis));
    return builder.build();
  }

  /**
   * One request that every command needs to work (cluster health): fails with one line naming the hosts and the
   * problem. Rejected credentials, missing privileges and an untrusted certificate are configuration errors; anything
   * else is a service that cannot be reached.
   */
  static void checkAccess(RestClient client, ElasticsearchConnection es) {
    String hosts = describeHosts(es);
    try {
      client.performRequest(new Request("GET", "/_cluster/health?timeout=10s"));
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      if (status == 401) {
        throw new ConfigException("Elasticsearch at " + hosts + ": authentication failed for " + identity(es)
            + " (HTTP 401); check " + credentialKeys(es));
      }
      if (status == 403) {
        throw new ConfigException("Elasticsearch at " + hosts + ": " + identity(es) + " may not read the cluster"
            + " health (" + ElasticsearchHttp.describe(e) + "); it needs the cluster privilege monitor");
      }
      throw new SourceException("cannot reach Elasticsearch at " + hosts + ": " + ElasticsearchHttp.describe(e), e);
    } catch (SSLException e) {
      throw new ConfigException("Elasticsearch at " + hosts + ": TLS handshake failed (" + rootMessage(e) + "); check "
          + (es.caFingerprint().isPresent() ? "elasticsearch.ca_fingerprint"
              : es.caCertificate().isPresent() ? "elasticsearch.ca_certificate"
              : "elasticsearch.ca_certificate or ca_fingerprint (the server's CA is not trusted by this JVM)"), e);
    } catch (IOException e) {
      throw new SourceException("cannot reach Elasticsearch at " + hosts + ": " + ElasticsearchHttp.describe(e), e);
    }
  }

  private static String identity(ElasticsearchConnection es) {
    return es.username().map(user -> "user " + user)
        .orElse(es.apiKey().isPresent() ? "the API key" : "anonymous requests (no credentials configured)");
  }

  private static String credentialKeys(ElasticsearchConnection es) {
    return es.username().isPresent() ? "elasticsearch.username and elasticsearch.password"
        : es.apiKey().isPresent() ? "elasticsearch.api_key (the encoded key)"
        : "elasticsearch.username and password, or api_key: the cluster requires authentication";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  static ElasticsearchClient typedClient(RestClient restClient) {
    return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
  }

  static String describeHosts(ElasticsearchConnection es) {
    return String.join(", ", es.hosts().stream().map(URI::toString).toList());
  }

  private static SSLContext trusting(java.nio.file.Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int n = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + n++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("elasticsearch.ca_certificate: cannot load " + caPem + ": " + e.getMessage(), e);
    }
  }
}
