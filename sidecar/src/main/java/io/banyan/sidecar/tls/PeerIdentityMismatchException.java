package io.banyan.sidecar.tls;

import java.security.cert.CertificateException;

/** The peer's certificate is valid but names another workload than the one this connection meant to reach. */
public final class PeerIdentityMismatchException extends CertificateException {

    public PeerIdentityMismatchException(String message) {
        super(message);
    }
}
