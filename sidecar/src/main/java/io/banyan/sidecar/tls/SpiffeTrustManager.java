package io.banyan.sidecar.tls;

import io.banyan.certs.ChainTrustManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Trusts a peer whose chain validates (PKIX: signatures, validity dates, key usage for its role) to a root of the
 * trust bundle and whose certificate carries exactly one {@code spiffe://<trust-domain>/svc/...} id; when
 * {@code expectedPeer} is set (a client reaching a service), that id must be exactly it. No host names: SPIFFE.
 */
final class SpiffeTrustManager extends ChainTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final String trustDomainPrefix;
    private final String expectedPeer;

    SpiffeTrustManager(List<X509Certificate> bundle, String trustDomain, String expectedPeer) {
        this.pkix = pkix(bundle);
        this.trustDomainPrefix = "spiffe://" + trustDomain + "/";
        this.expectedPeer = expectedPeer;
    }

    static X509ExtendedTrustManager pkix(List<X509Certificate> anchors) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("root-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("no X509ExtendedTrustManager from PKIX");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust manager for the trust bundle", e);
        }
    }

    @Override
    protected void checkClient(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        identity(chain);
    }

    @Override
    protected void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        String id = identity(chain);
        if (expectedPeer != null && !expectedPeer.equals(id)) {
            throw new PeerIdentityMismatchException("peer identity " + id + " (expected: " + expectedPeer + ")");
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    private String identity(X509Certificate[] chain) throws CertificateException {
        Optional<String> id = SpiffeIds.workloadId(chain[0]);
        if (id.isEmpty() || !id.get().startsWith(trustDomainPrefix)) {
            throw new PeerIdentityMismatchException("peer identity " + SpiffeIds.of(chain[0])
                    + " (expected: one " + trustDomainPrefix + "svc/<service>)");
        }
        return id.get();
    }
}
