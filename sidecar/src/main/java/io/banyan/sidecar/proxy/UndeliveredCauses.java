package io.banyan.sidecar.proxy;

import io.banyan.sidecar.core.ErrorCause;

import java.util.Set;

/**
 * The mesh errors a peer sidecar answers with before its app saw any byte of the request: the app could not be
 * connected to, or the peer refused the request locally (overloaded, breaker open, draining). A calling sidecar
 * may retry such a response on another endpoint as safely as a refused HTTP/2 stream. The inbound side removes
 * {@code x-banyan-error} from its app's responses, so an app cannot claim this.
 */
final class UndeliveredCauses {

    private static final Set<String> TOKENS = Set.of(ErrorCause.CONNECT_FAILURE.token(),
            ErrorCause.NO_HEALTHY_UPSTREAM.token(), ErrorCause.CIRCUIT_OPEN.token(), ErrorCause.OVERFLOW.token(),
            ErrorCause.DRAINING.token());

    private UndeliveredCauses() {
    }

    static boolean isUndelivered(String errorHeader) {
        return errorHeader != null && TOKENS.contains(errorHeader);
    }
}
