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
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.esarchiver.config.ConfigException;
import org.esarchiver.config.ElasticsearchConnection;

/** Builds the Elasticsearch clients from the connection settings: hosts, basic auth or API key, CA certificate. */
final class ElasticsearchClients {
  private ElasticsearchClients() {}

  static RestClient restClient(ElasticsearchConnection es) {
    HttpHost[] hosts = es.hosts().stream()
        .map(uri -> new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme()))
        .toArray(HttpHost[]::new);
    RestClientBuilder builder = RestClient.builder(hosts);
    es.apiKey().ifPresent(key -> builder.setDefaultHeaders(
        new Header[] {new BasicHeader("Authorization", "ApiKey " + key.value())}));
    SSLContext ssl = es.caCertificate().map(ElasticsearchClients::trusting).orElse(null);
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
