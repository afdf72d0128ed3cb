package org.esarchiver.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA and one server certificate it signed, for 127.0.0.1 and localhost, written as PEM files: what a secured
 * test service (Elasticsearch over HTTPS, Kafka over SSL) presents and what its clients trust. Made in well under a
 * second with BouncyCastle, where {@code elasticsearch-certutil} takes two JVM starts.
 *
 * @param caCertificate PEM of the CA certificate ({@code ca.crt})
 * @param serverCertificate PEM of the server certificate ({@code server.crt})
 * @param serverKey PEM of the server's private key, unencrypted PKCS#8 ({@code server.key})
 * @param caFingerprint SHA-256 of the CA certificate in lower-case hex without separators, as Elasticsearch prints it
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey, String caFingerprint) {

    private static final Duration VALIDITY = Duration.ofDays(2);

    /** Creates a CA and a server certificate in {@code dir}. */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            X500Name caName = new X500Name("CN=es-archiver test CA");
            Instant now = Instant.now();

            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate caCert = sign(ca, caKeys);

            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)),
                    new X500Name("CN=localhost"), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate serverCert = sign(server, caKeys);

            TestCertificates certificates = new TestCertificates(dir.resolve("ca.crt"), dir.resolve("server.crt"),
                    dir.resolve("server.key"),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(caCert.getEncoded())));
            Files.writeString(certificates.caCertificate(), pem(caCert));
            Files.writeString(certificates.serverCertificate(), pem(serverCert));
            Files.writeString(certificates.serverKey(), pem(serverKeys.getPrivate()));
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write test certificates into " + dir, e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot create test certificates", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof java.security.PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : object);
        }
        return text.toString();
    }
}
