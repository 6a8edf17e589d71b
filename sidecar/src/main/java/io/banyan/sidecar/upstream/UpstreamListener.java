package io.banyan.sidecar.upstream;

import io.netty.handler.codec.http.HttpObject;

/** What an attached upstream connection reports to the exchange using it; called on its event loop. */
public interface UpstreamListener {

    /** A decoded response part; the listener owns (and must release) it. */
    void onResponseObject(HttpObject object);

    /** The current socket read is done: a good moment to flush. */
    void onUpstreamReadComplete();

    /** The upstream became writable again (request-side backpressure lifted). */
    void onUpstreamWritable();

    /** The connection closed or reset while attached. */
    void onUpstreamClosed();

    /**
     * The peer refused the HTTP/2 stream without processing it (RST_STREAM REFUSED_STREAM, or a GOAWAY whose
     * last stream id is below it): safe to retry anywhere. Unless overridden, reported as closed.
     */
    default void onUpstreamRefused() {
        onUpstreamClosed();
    }
}
