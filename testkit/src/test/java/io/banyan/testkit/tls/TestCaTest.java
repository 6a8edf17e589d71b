package io.banyan.testkit.tls;

import io.banyan.certs.Usage;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestCaTest {

    private final TestCa ca = new TestCa();

    @Test
    void aCredentialNamesItsServiceAndChainsToTheRootThroughTheIntermediate() throws Exception {
        Credential credential = ca.issue("orders");

        assertThat(credential.id().toString()).isEqualTo("spiffe://mesh.local/svc/orders");
        assertThat(credential.chain()).hasSize(2);
        credential.leaf().verify(ca.intermediate().certificate().getPublicKey());
        credential.chain().get(1).verify(ca.root().root().getPublicKey());
        credential.leaf().checkValidity();
    }

    @Test
    void aShiftedCredentialIsExpiredOrNotYetValid() {
        Credential expired = ca.issue("orders", Usage.BOTH, Duration.ofHours(-3), Duration.ofHours(1));
        Credential early = ca.issue("orders", Usage.BOTH, Duration.ofHours(3), Duration.ofHours(1));

        assertThatThrownBy(() -> expired.leaf().checkValidity()).isInstanceOf(CertificateExpiredException.class);
        assertThatThrownBy(() -> early.leaf().checkValidity()).isInstanceOf(CertificateNotYetValidException.class);
    }

    @Test
    void serverAndClientContextsAreMadeInOneLine() {
        SslContext server = ca.serverContext("orders");
        SslContext client = ca.clientContext("web");

        assertThat(server.isServer()).isTrue();
        assertThat(client.isClient()).isTrue();
    }
}
