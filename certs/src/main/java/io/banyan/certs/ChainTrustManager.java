package io.banyan.certs;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * A trust manager that judges a peer's chain by itself, never by host name (SPIFFE identities carry
 * none). Extending {@link X509ExtendedTrustManager} keeps the JDK from adding its own endpoint
 * identification; the socket and engine variants all come to the two methods subclasses write.
 */
public abstract class ChainTrustManager extends X509ExtendedTrustManager {

    /** Checks a client's chain; throw to refuse it. */
    protected abstract void checkClient(X509Certificate[] chain, String authType) throws CertificateException;

    /** Checks a server's chain; throw to refuse it. */
    protected abstract void checkServer(X509Certificate[] chain, String authType) throws CertificateException;

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClient(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClient(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClient(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServer(chain, authType);
    }
}
