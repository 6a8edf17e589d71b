package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.tls.ForwardedClientCert;
import io.banyan.sidecar.tls.PeerIdentity;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The headers only the mesh may set. No {@code x-banyan-*} request header and no {@code x-forwarded-client-cert}
 * from outside passes a sidecar, on any listener: the local app cannot send them through its outbound listener, and
 * a caller (even one with a mesh certificate) cannot send them to the inbound listener. The one {@code x-banyan-*}
 * request header that travels from sidecar to sidecar, {@code x-banyan-deadline-ms}, is read by the exchange before
 * this runs (it can only shorten the deadline) and each hop sends its own remaining time. Inbound, the caller's
 * verified SPIFFE id ({@code x-banyan-peer-identity}) and Envoy's {@code x-forwarded-client-cert} are then set for
 * the app from the mutual-TLS handshake (Envoy's {@code SANITIZE_SET}), and the app's responses lose any
 * {@code x-banyan-error}.
 */
final class MeshHeaders {

    private static final AsciiString PREFIX = AsciiString.cached("x-banyan-");

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

    /** Strips what only the mesh may set from a request about to go upstream; inbound, sets the peer's details. */
    static void prepare(HttpHeaders headers, TrafficDirection direction, Channel downstream) {
        removeMeshHeaders(headers);
        headers.remove(ForwardedClientCert.HEADER);
        if (direction == TrafficDirection.INBOUND) { // no capturing lambda: this runs for every inbound request
            Optional<String> id = PeerIdentity.of(downstream);
            if (id.isPresent()) {
                headers.set(PeerIdentity.HEADER, id.get());
            }
            Optional<String> details = ForwardedClientCert.of(downstream);
            if (details.isPresent()) {
                headers.set(ForwardedClientCert.HEADER, details.get());
            }
        }
    }

    /** Removes every {@code x-banyan-*} header, whatever its case; allocates only when there is one. */
    static void removeMeshHeaders(HttpHeaders headers) {
        List<CharSequence> found = null;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence name = it.next().getKey();
            if (name.length() >= PREFIX.length()
                    && AsciiString.regionMatches(name, true, 0, PREFIX, 0, PREFIX.length())) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(name);
            }
        }
        if (found != null) {
            found.forEach(headers::remove);
        }
    }
}
