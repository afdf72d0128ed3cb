package org.esarchiver.app;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.esarchiver.config.ConfigException;

/**
 * Trusts a server whose certificate chain contains the CA certificate with a given SHA-256 fingerprint, as
 * Elasticsearch prints it at first start ("HTTP CA certificate SHA-256 fingerprint"). The chain is then validated
 * with that CA as the only trust anchor (signatures, validity, key usage), so presenting the CA certificate beside a
 * certificate it did not sign is not enough; host names are checked by the HTTP client as usual.
 */
final class CaFingerprintTrust implements X509TrustManager {
  private final String fingerprint;

  private CaFingerprintTrust(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  /** A TLS context trusting the CA of {@code fingerprint} (64 lower-case hex digits). */
  static SSLContext sslContext(String fingerprint) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new CaFingerprintTrust(fingerprint)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("elasticsearch.ca_fingerprint: cannot set up TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    for (X509Certificate certificate : chain) {
      if (fingerprint.equals(sha256(certificate))) {
        anchoredAt(certificate).checkServerTrusted(chain, authType);
        return;
      }
    }
    throw new CertificateException("no certificate in the server's chain (" + chain[0].getSubjectX500Principal()
        + ", issued by " + chain[chain.length - 1].getIssuerX500Principal()
        + ") has the SHA-256 fingerprint of elasticsearch.ca_fingerprint");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("es-archiver is a TLS client only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  private static X509TrustManager anchoredAt(X509Certificate ca) throws CertificateException {
    try {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      anchors.setCertificateEntry("ca", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(anchors);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new CertificateException("no X.509 trust manager available");
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new CertificateException("cannot validate the chain against the pinned CA: " + e.getMessage(), e);
    }
  }

  private static String sha256(X509Certificate certificate) throws CertificateException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new CertificateException(e);
    }
  }
}
