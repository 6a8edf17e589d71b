package io.banyan.sidecar.proxy;

import io.banyan.sidecar.config.TrafficDirection;
import io.banyan.sidecar.tls.PeerIdentity;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers only the mesh may set: whatever a caller sent as {@code x-banyan-peer-identity} or
 * {@code x-banyan-error} is removed on every listener; inbound, the caller's verified SPIFFE id (from the
 * mutual-TLS handshake) is set for the app, and the app's responses lose any {@code x-banyan-error}.
 */
final class MeshHeaders {

    private MeshHeaders() {
    }

    /**
     * On a response from the local app (inbound), removes {@code x-banyan-error}: only a sidecar may say why a
     * request failed, and a calling sidecar trusts it to decide retries (see {@link UndeliveredCauses}).
     */
    static void prepareResponse(HttpHeaders headers, TrafficDirection direction) {
        if (direction == TrafficDirection.INBOUND) {
            headers.remove(ErrorCause.HEADER);
        }
    }

    static void prepare(HttpHeaders headers, TrafficDirection direction, Channel downstream) {
        headers.remove(PeerIdentity.HEADER);
        headers.remove(ErrorCause.HEADER);
        if (direction == TrafficDirection.INBOUND) {
            PeerIdentity.of(downstream).ifPresent(id -> headers.set(PeerIdentity.HEADER, id));
        }
    }
}
