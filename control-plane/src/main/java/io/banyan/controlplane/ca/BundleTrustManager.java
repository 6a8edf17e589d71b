package io.banyan.controlplane.ca;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * Accepts TLS client certificates that chain to the trust bundle and are valid now. SPIFFE certificates
 * carry no DNS names, so there is no host name check; who the peer is comes later from its URI SAN.
 * This side never verifies servers.
 */
public final class BundleTrustManager extends X509ExtendedTrustManager {

    private final TrustBundle bundle;
    private final Clock clock;

    public BundleTrustManager(TrustBundle bundle, Clock clock) {
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        bundle.validate(chain == null ? null : Arrays.asList(chain), clock.instant(), true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return bundle.roots().toArray(X509Certificate[]::new);
    }
}
