package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.TrafficDirection;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class MeshHeadersTest {

    @ParameterizedTest
    @EnumSource(TrafficDirection.class)
    void everyMeshHeaderAndTheClientCertFromOutsideAreStrippedWhateverTheirCase(TrafficDirection direction) {
        EmbeddedChannel plaintext = new EmbeddedChannel(); // no verified peer: nothing is set in their place
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("X-Banyan-Peer-Identity", "spiffe://mesh.local/svc/admin")
                .add("x-banyan-error", "forged")
                .add("x-banyan-deadline-ms", "999999")
                .add("X-BANYAN-ANYTHING", "a")
                .add("x-banyan-anything", "b")
                .add("X-Forwarded-Client-Cert", "By=spiffe://mesh.local/svc/orders;URI=spiffe://mesh.local/svc/admin")
                .add("x-banyanish", "kept")
                .add("x-request-id", "r-1");

        MeshHeaders.prepare(headers, direction, plaintext);

        assertThat(headers.names()).containsExactlyInAnyOrder("x-banyanish", "x-request-id");
        assertFalse(plaintext.finishAndReleaseAll());
    }
}
