package io.banyan.sidecar.tls;

import io.banyan.certs.EcKeys;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;
import org.junit.jupiter.api.Test;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlPlaneTrustTest {

    private final TestCa ca = new TestCa();
    private final String pin = ControlPlaneTrust.fingerprint(ca.root().root());
    private final List<X509Certificate> bundle = new ArrayList<>();
    private final ControlPlaneTrust trust = new ControlPlaneTrust(pin, TestCa.TRUST_DOMAIN, () -> List.copyOf(bundle),
            Clock.systemUTC());

    private X509Certificate[] serverChain(TestCa issuer, String service, Usage usage, boolean withRoot) {
        X509Certificate leaf = issuer.intermediate().issue(EcKeys.generate().getPublic(),
                new SpiffeId(TestCa.TRUST_DOMAIN, service), Duration.ofHours(1), usage);
        List<X509Certificate> chain = new ArrayList<>(issuer.intermediate().presentedChain(leaf));
        if (withRoot) {
            chain.add(issuer.root().root());
        }
        return chain.toArray(X509Certificate[]::new);
    }

    @Test
    void acceptsAChainEndingAtThePinnedRoot() {
        X509Certificate[] chain = serverChain(ca, "banyan-control-plane", Usage.SERVER, true);

        assertThatCode(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA")).doesNotThrowAnyException();
    }

    @Test
    void refusesAChainOfAnotherCaEvenWithTheSameTrustDomain() {
        X509Certificate[] chain = serverChain(new TestCa(), "banyan-control-plane", Usage.SERVER, true);

        assertThatThrownBy(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("pinned CA fingerprint");
    }

    @Test
    void refusesAForgedChainThatMerelyIncludesThePinnedRoot() {
        TestCa other = new TestCa();
        List<X509Certificate> forged = new ArrayList<>(List.of(serverChain(other, "banyan-control-plane", Usage.SERVER, false)));
        forged.add(ca.root().root());

        assertThatThrownBy(() -> trust.checkServerTrusted(forged.toArray(X509Certificate[]::new), "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("does not validate");
    }

    @Test
    void refusesAnotherIdentityThanTheControlPlane() {
        X509Certificate[] chain = serverChain(ca, "orders", Usage.BOTH, true);

        assertThatThrownBy(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(PeerIdentityMismatchException.class)
                .hasMessageContaining("spiffe://mesh.local/svc/banyan-control-plane");
    }

    @Test
    void refusesAClientOnlyCertificate() {
        X509Certificate[] chain = serverChain(ca, "banyan-control-plane", Usage.CLIENT, true);

        assertThatThrownBy(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA")).hasMessageContaining("serverAuth");
    }

    @Test
    void aChainWithoutItsRootNeedsTheTrustBundle() {
        X509Certificate[] chain = serverChain(ca, "banyan-control-plane", Usage.SERVER, false);

        assertThatThrownBy(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA")).hasMessageContaining("no trust bundle");
        bundle.add(ca.root().root());
        assertThatCode(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA")).doesNotThrowAnyException();
    }

    @Test
    void aBundleWithSeveralRootsTrustsEachOfThem() {
        TestCa next = new TestCa();
        bundle.add(ca.root().root());
        bundle.add(next.root().root());

        assertThatCode(() -> trust.checkServerTrusted(serverChain(next, "banyan-control-plane", Usage.SERVER, false),
                "ECDHE_ECDSA")).doesNotThrowAnyException();
    }

    @Test
    void refusesToVerifyClients() {
        assertThatThrownBy(() -> trust.checkClientTrusted(serverChain(ca, "orders", Usage.BOTH, true), "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void aTokenWithoutFingerprintFailsFast() {
        assertThatThrownBy(() -> new MeshIdentity("orders", TestCa.TRUST_DOMAIN, "abc.def",
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no CA fingerprint");
    }
}
