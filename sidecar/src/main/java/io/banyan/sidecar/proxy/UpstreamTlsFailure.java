package io.banyan.sidecar.proxy;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;

/** Tells a failed TLS handshake from a plain connect failure, to answer {@code upstream_tls_failure}. */
final class UpstreamTlsFailure {

    private UpstreamTlsFailure() {
    }

    static boolean is(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }
}
