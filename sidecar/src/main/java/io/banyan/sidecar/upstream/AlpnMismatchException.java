package io.banyan.sidecar.upstream;

import javax.net.ssl.SSLException;

/** The TLS handshake succeeded but ALPN did not select the protocol the connection was opened for. */
public final class AlpnMismatchException extends SSLException {

    public AlpnMismatchException(String endpoint, String cluster, String selected, String expected) {
        super("ALPN with " + endpoint + " of cluster " + cluster + " selected "
                + (selected == null ? "no protocol" : selected) + " (expected: " + expected + ")");
    }
}
