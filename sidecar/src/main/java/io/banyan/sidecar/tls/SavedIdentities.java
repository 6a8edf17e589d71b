package io.banyan.sidecar.tls;

import io.banyan.certs.Pem;
import io.banyan.certs.SpiffeId;
import io.banyan.sidecar.datadir.SavedIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A workload identity to and from the data dir's PEM text. What is read back is checked before it serves: the key
 * is the certificate's, the certificate names this sidecar's SPIFFE id and is valid now; anything else is reported
 * in one log line (naming the data dir's file and what was wrong) and not used.
 */
public final class SavedIdentities {

    private static final Logger log = LoggerFactory.getLogger(SavedIdentities.class);
    private static final byte[] PROBE = "banyan data dir key check".getBytes(StandardCharsets.US_ASCII);

    private SavedIdentities() {
    }

    public static SavedIdentity of(WorkloadIdentity identity) {
        return new SavedIdentity(Pem.writePrivateKey(identity.privateKey()), Pem.writeCertificates(identity.chain()),
                Pem.writeCertificates(identity.trustBundle()));
    }

    /** The saved identity if it is {@code id}'s and valid at {@code now}; else empty, logged ({@code where}: the dir). */
    public static Optional<WorkloadIdentity> restore(SavedIdentity saved, SpiffeId id, Instant now, Object where) {
        WorkloadIdentity identity;
        try {
            PrivateKey key = Pem.readPrivateKey(saved.privateKeyPem());
            List<X509Certificate> chain = Pem.readCertificates(saved.chainPem());
            List<X509Certificate> bundle = Pem.readCertificates(saved.trustBundlePem());
            identity = new WorkloadIdentity(id, key, chain, bundle);
            if (!keyMatches(key, identity.certificate())) {
                throw new IllegalArgumentException("the private key is not the certificate's");
            }
        } catch (RuntimeException e) {
            log.warn("data dir {}: the saved identity (key.pem, chain.pem, bundle.pem) is ignored: {}", where,
                    e.getMessage());
            return Optional.empty();
        }
        if (!identity.notAfter().isAfter(now) || identity.notBefore().isAfter(now)) {
            log.warn("data dir {}: the saved certificate chain.pem is ignored: valid {} to {} (now {})", where,
                    identity.notBefore(), identity.notAfter(), now);
            return Optional.empty();
        }
        return Optional.of(identity);
    }

    private static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
