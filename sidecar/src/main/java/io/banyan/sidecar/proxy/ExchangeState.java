package io.banyan.sidecar.proxy;

/**
 * Where one {@link Exchange} is in its life. The exchange moves between these in one place and only along the
 * transitions {@link #canMoveTo} allows; facts of the request (its body, keep-alive, an upgrade asked for) are not
 * states and stay fields.
 */
enum ExchangeState {
    /** Authorizing, routing, rate limiting, taking the cluster's request slot. */
    ADMITTING,
    /** Waiting for an upstream connection, or for a retry's backoff to end. */
    CONNECTING,
    /** The request goes up on the attempt's connection; no response head has gone downstream (or only a 1xx's end). */
    AWAITING_RESPONSE,
    /** An informational (1xx) head went downstream; the final one is still to come. */
    INFORMATIONAL,
    /** The final response head went downstream; its body streams after it. */
    STREAMING_RESPONSE,
    /** The upstream's 101 went downstream; its end turns both connections into one byte tunnel. */
    SWITCHING_PROTOCOLS,
    /** Answered, failed or aborted: counted and logged once; nothing more happens. */
    FINISHED;

    /** Whether the exchange may go from this state to {@code next}. */
    boolean canMoveTo(ExchangeState next) {
        return next == FINISHED ? this != FINISHED : switch (this) {
            case ADMITTING -> next == CONNECTING;
            case CONNECTING -> next == CONNECTING || next == AWAITING_RESPONSE;
            case AWAITING_RESPONSE, INFORMATIONAL -> next != ADMITTING;
            case STREAMING_RESPONSE, SWITCHING_PROTOCOLS, FINISHED -> false;
        };
    }

    /** Whether any response head (a 1xx included) went downstream: the attempt can no longer be retried. */
    boolean responseBegun() {
        return this == INFORMATIONAL || this == STREAMING_RESPONSE || this == SWITCHING_PROTOCOLS;
    }

    /** Whether the final response head went downstream: a failure now cuts the response. */
    boolean finalHeadSent() {
        return this == STREAMING_RESPONSE || this == SWITCHING_PROTOCOLS;
    }
}
