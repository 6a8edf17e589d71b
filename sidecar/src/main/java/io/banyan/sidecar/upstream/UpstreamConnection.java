package io.banyan.sidecar.upstream;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpObject;

/**
 * What an exchange holds while it uses the upstream: an HTTP/1.1 connection of a pool ({@link Http1Connection}) or
 * a stream of a pooled HTTP/2 connection ({@link UpstreamStream}). Either way the exchange writes the request as
 * {@code HttpRequest}, {@code HttpContent} and {@code LastHttpContent}, asks for the response part by part
 * ({@link #read()}: nothing is read that it did not ask for) and gets the parts through the attached
 * {@link UpstreamListener}. Used on its event loop only.
 */
public interface UpstreamConnection {

    /** Writes one part of the request, not flushed yet; takes ownership of it. */
    void write(HttpObject part);

    /** Sends what was written. */
    void flush();

    /** Asks for more of the response: parts come to the listener, then {@link UpstreamListener#onUpstreamReadComplete()}. */
    void read();

    /**
     * Whether the upstream takes more request bytes now (the socket's buffer, and for a stream the HTTP/2 flow-control
     * windows); once it did not, {@link UpstreamListener#onUpstreamWritable()} tells when it does again.
     */
    boolean isWritable();

    /**
     * The connection underneath, for what outlives HTTP on it (a tunnel after a protocol switch, which only HTTP/1.1
     * has) and for tests: a stream's is its shared HTTP/2 connection, never to be written to directly.
     */
    Channel channel();

    /** Whether the pool handed this connection out before (it may have gone stale while idle); never for a stream. */
    boolean reused();

    /** Routes this connection's events to {@code listener} until released or closed. */
    void attach(UpstreamListener listener);

    /**
     * The exchange is done and both sides completed: an HTTP/1.1 connection goes back to its pool; a stream
     * ends (streams are never reused), its HTTP/2 connection stays pooled.
     */
    void release();

    /** Abandons it: closes the HTTP/1.1 connection, or resets the HTTP/2 stream (the connection stays). */
    void close();
}
