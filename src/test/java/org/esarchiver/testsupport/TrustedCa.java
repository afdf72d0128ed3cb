package org.esarchiver.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS client contexts of the test support that trust one private CA (a PEM file), and nothing else. */
public final class TrustedCa {
    private TrustedCa() {}

    public static SSLContext sslContext(Path caPem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(caPem).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build a TLS context trusting " + caPem, e);
        }
    }

    private static TrustManagerFactory trustManagers(Path caPem) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keyStoreOf(caPem));
        return factory;
    }

    private static KeyStore keyStoreOf(Path caPem) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + caPem, e);
        }
    }
}
