package io.banyan.sidecar.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * Whom an edge gateway trusts to serve an HTTPS JWKS URL: the system CAs, and with {@code --jwks-ca-file} also the
 * CA certificates of that PEM file (an identity provider with a private CA). Read once, at start: a bad file fails it.
 */
public final class JwksTrust {

    private JwksTrust() {
    }

    /** The system CAs. */
    public static SSLContext system() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no default TLS context", e);
        }
    }

    /** The system CAs and those of {@code caFile} (PEM, one or more certificates); the system CAs when null. */
    public static SSLContext of(Path caFile) {
        if (caFile == null) {
            return system();
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate ca : systemIssuers()) {
                store.setCertificateEntry("system-" + index++, ca);
            }
            Collection<? extends Certificate> given;
            try (InputStream in = Files.newInputStream(caFile)) {
                given = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (given.isEmpty()) {
                throw new IllegalArgumentException("jwks-ca-file: " + caFile + " holds no certificate (expected: PEM"
                        + " CA certificates)");
            }
            for (Certificate ca : given) {
                store.setCertificateEntry("jwks-ca-" + index++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("jwks-ca-file: " + caFile + ": " + e.getMessage()
                    + " (expected: a readable file of PEM CA certificates)", e);
        }
    }

    private static X509Certificate[] systemIssuers() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
