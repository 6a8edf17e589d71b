package io.banyan.controlplane.ca;

import io.banyan.certs.ChainTrustManager;
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
public final class BundleTrustManager extends ChainTrustManager {

    private final TrustBundle bundle;
    private final Clock clock;

    public BundleTrustManager(TrustBundle bundle, Clock clock) {
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected void checkClient(X509Certificate[] chain, String authType) throws CertificateException {
        bundle.validate(chain == null ? null : Arrays.asList(chain), clock.instant(), true);
    }

    @Override
    protected void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return bundle.roots().toArray(X509Certificate[]::new);
    }
}
