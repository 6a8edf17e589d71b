package io.banyan.sidecar.upstream;

import io.netty.channel.Channel;

/**
 * What an exchange holds while it uses the upstream: an HTTP/1.1 connection of a pool ({@link Http1Connection}) or
 * a stream of a pooled HTTP/2 connection ({@link Http2UpstreamStream}). Either way it writes {@code HttpRequest},
 * {@code HttpContent} and {@code LastHttpContent} to {@link #channel()} (auto-read off: {@code read()} asks for
 * more) and gets the response parts through the attached {@link UpstreamListener}. Used on its event loop only.
 */
public interface UpstreamConnection {

    /** Where the request goes: the connection, or the HTTP/2 stream's child channel. */
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
