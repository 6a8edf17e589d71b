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
}
