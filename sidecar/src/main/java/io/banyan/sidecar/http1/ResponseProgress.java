package io.banyan.sidecar.http1;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Follows the responses written on a connection: whether the current one has started (its head is out, so an
 * error can no longer be answered) and how many have ended. Interim (1xx) responses neither start nor end one.
 */
final class ResponseProgress {

    private boolean started;
    private boolean informational;
    private long ended;

    /** Notes an outbound message; true when it ended a final response. */
    boolean onWrite(Object msg) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            started = !informational;
        }
        if (msg instanceof LastHttpContent && !informational) {
            started = false;
            ended++;
            return true;
        }
        return false;
    }

    boolean started() {
        return started;
    }

    long ended() {
        return ended;
    }
}
