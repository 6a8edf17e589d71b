package io.banyan.sidecar.xds;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;

import java.util.List;
import java.util.Objects;

/**
 * One response as the client applies it, whichever the protocol: the resources of a type to apply by
 * state-of-the-world rules (for CDS and LDS every resource held, for the named types those sent), with the type's
 * version and the nonce to ACK or NACK.
 */
record AdsResponse(String typeUrl, String version, String nonce, List<Any> resources) {

    AdsResponse {
        Objects.requireNonNull(typeUrl, "typeUrl");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(nonce, "nonce");
        resources = List.copyOf(resources);
    }

    static AdsResponse of(DiscoveryResponse response) {
        return new AdsResponse(response.getTypeUrl(), response.getVersionInfo(), response.getNonce(),
                response.getResourcesList());
    }
}
