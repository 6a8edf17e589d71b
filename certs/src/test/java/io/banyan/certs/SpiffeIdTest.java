package io.banyan.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpiffeIdTest {

    @Test
    void parsesAndFormats() {
        SpiffeId id = SpiffeId.parse("spiffe://mesh.local/svc/orders");
        assertThat(id).isEqualTo(new SpiffeId("mesh.local", "orders"));
        assertThat(id.toString()).isEqualTo("spiffe://mesh.local/svc/orders");
        assertThat(id.toUri().getScheme()).isEqualTo("spiffe");
    }

    @Test
    void rejectsWhatIsNotAServiceId() {
        assertThatThrownBy(() -> SpiffeId.parse("https://mesh.local/svc/orders"))
                .hasMessage("spiffe-id: 'https://mesh.local/svc/orders' (expected: spiffe://<trust-domain>/svc/<service>)");
        assertThatThrownBy(() -> SpiffeId.parse("spiffe://mesh.local/ns/default/sa/orders"))
                .hasMessageStartingWith("spiffe-id:");
        assertThatThrownBy(() -> new SpiffeId("Mesh.Local", "orders")).hasMessageStartingWith("trust-domain: 'Mesh.Local'");
        assertThatThrownBy(() -> new SpiffeId("mesh.local", "Orders_1")).hasMessageStartingWith("service: 'Orders_1'");
    }
}
