package io.banyan.testkit.tls;

import io.banyan.certs.Pem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A web server's private key and the chain it presents (leaf with DNS names first, then intermediates), as an edge
 * gateway serves clients outside the mesh.
 */
public record ServerCredential(PrivateKey key, List<X509Certificate> chain) {

    public ServerCredential {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: [] (expected: the leaf, then its intermediates)");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Writes the chain and the key as PEM files (PKCS#8 key), replacing what is there. */
    public void writeTo(Path certificateFile, Path keyFile) {
        try {
            Files.writeString(certificateFile, Pem.writeCertificates(chain));
            Files.writeString(keyFile, Pem.writePrivateKey(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
