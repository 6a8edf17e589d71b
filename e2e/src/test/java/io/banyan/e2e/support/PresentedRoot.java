package io.banyan.e2e.support;

import io.banyan.certs.CertificateAuthority;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/** Which of two roots, {@code A} or {@code B}, signed the certificate a sidecar's inbound port presents now. */
public final class PresentedRoot {

    private PresentedRoot() {
    }

    /**
     * "A" or "B" as {@code a} or {@code b} signed what port {@code port} presents to {@code client}, "?" for another
     * signer, null when nothing was presented (the handshake did not get that far).
     */
    public static String of(TlsTestClient client, int port, CertificateAuthority a, CertificateAuthority b) {
        X509Certificate presented = client.get(port, "/probe").serverCertificate();
        if (presented == null) {
            return null;
        }
        return signedBy(presented, a) ? "A" : signedBy(presented, b) ? "B" : "?";
    }

    private static boolean signedBy(X509Certificate certificate, CertificateAuthority ca) {
        try {
            certificate.verify(ca.root().getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
