package io.banyan.sidecar.diagnose;

/**
 * One failed request from the ring ({@code GET /debug/why?request_id=}): the exchange with each try, and a
 * {@code verdict} that tells it in one paragraph.
 */
public record RequestWhy(String requestId, FailedExchange exchange, String verdict) {
}
