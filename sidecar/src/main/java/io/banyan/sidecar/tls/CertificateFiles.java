package io.banyan.sidecar.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A certificate chain file and its private key file (PEM; the key PKCS#8), as an edge gateway serves them to clients
 * outside the mesh.
 *
 * @param certificate the chain, leaf first
 * @param key         the leaf's private key
 */
public record CertificateFiles(Path certificate, Path key) {

    public CertificateFiles {
        Objects.requireNonNull(certificate, "tls-cert");
        Objects.requireNonNull(key, "tls-key");
    }

    @Override
    public String toString() {
        return certificate + " + " + key;
    }
}
