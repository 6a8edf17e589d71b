package io.banyan.sidecar.proxy;

import io.banyan.sidecar.config.TrafficDirection;
import io.banyan.sidecar.tls.PeerIdentity;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers only the mesh may set: whatever a caller sent as {@code x-banyan-peer-identity} or
 * {@code x-banyan-error} is removed on every listener; inbound, the caller's verified SPIFFE id (from the
 * mutual-TLS handshake) is set for the app.
 */
final class MeshHeaders {

    private MeshHeaders() {
    }

    static void prepare(HttpHeaders headers, TrafficDirection direction, Channel downstream) {
        headers.remove(PeerIdentity.HEADER);
        headers.remove(ErrorCause.HEADER);
        if (direction == TrafficDirection.INBOUND) {
            PeerIdentity.of(downstream).ifPresent(id -> headers.set(PeerIdentity.HEADER, id));
        }
    }
}
