package io.banyan.sidecar.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopUpgradeHeadersTest {

    @Test
    void anUpgradeKeepsUpgradeAndConnectionUpgradeWhileOtherHopByHopHeadersGo() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Host", "orders")
                .add("Connection", "keep-alive, Upgrade, X-Private")
                .add("X-Private", "secret")
                .add("Keep-Alive", "timeout=5")
                .add("TE", "gzip")
                .add("Upgrade", "websocket")
                .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .add("Sec-WebSocket-Version", "13");

        HopByHopHeaders.stripKeepingUpgrade(headers);

        assertThat(headers.names()).map(name -> name.toLowerCase(Locale.ROOT)).containsExactlyInAnyOrder("host",
                "upgrade", "connection", "sec-websocket-key", "sec-websocket-version");
        assertThat(headers.getAll("Connection")).containsExactly("upgrade");
        assertThat(headers.getAll("Upgrade")).containsExactly("websocket");
    }

    @Test
    void withoutAnUpgradeItStripsAsUsual() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Host", "orders").add("Connection", "close");

        HopByHopHeaders.stripKeepingUpgrade(headers);

        assertThat(headers.names()).containsExactly("Host");
    }
}
