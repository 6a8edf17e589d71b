package io.banyan.sidecar.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;

/**
 * The two channels of one relayed connection and their half-close state. When one side's input ends (FIN), the
 * other side's output is shut once everything before it is written; when both inputs have ended, or one side
 * closes or fails, both are closed. Used on the downstream channel's event loop only (the upstream shares it).
 */
public final class TcpSession {

    private final Channel downstream;
    private Channel upstream;
    private boolean relaying;
    private boolean downstreamInputDone;
    private boolean upstreamInputDone;
    private int outputsShut;

    public TcpSession(Channel downstream) {
        this.downstream = downstream;
    }

    /** A connect attempt to an upstream started: until {@link #relaying()}, its failures are the dialer's concern. */
    public void attempting(Channel channel) {
        this.upstream = channel;
    }

    /** The last attempted upstream is connected (and its TLS handshake done): bytes flow both ways now. */
    public void relaying() {
        this.relaying = true;
    }

    /**
     * The channel {@code channel} relays to: the downstream for the current upstream; the upstream for the
     * downstream once relaying; else {@code null}.
     */
    Channel peerOf(Channel channel) {
        if (channel == downstream) {
            return relaying ? upstream : null;
        }
        return channel == upstream ? downstream : null;
    }

    private boolean inSession(Channel channel) {
        return channel == downstream || (channel == upstream && relaying);
    }

    /** {@code channel} read its peer's FIN: shut the other side's output after pending writes, once. */
    void inputEnded(Channel channel) {
        if (!inSession(channel)) {
            return;
        }
        if (channel == downstream) {
            if (downstreamInputDone) {
                return;
            }
            downstreamInputDone = true;
        } else {
            if (upstreamInputDone) {
                return;
            }
            upstreamInputDone = true;
        }
        Channel peer = peerOf(channel);
        if (peer == null || !peer.isActive()) {
            close();
            return;
        }
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess() || !(peer instanceof DuplexChannel duplex)) {
                close();
                return;
            }
            duplex.shutdownOutput().addListener(shut -> {
                outputsShut++;
                if (!shut.isSuccess() || outputsShut == 2) {
                    close();
                }
            });
        });
    }

    /** One side closed: the other is closed after its pending writes. */
    void closed(Channel channel) {
        if (channel == downstream && !relaying) {
            close(); // gave up before an upstream answered: abandon the attempt
            return;
        }
        if (!inSession(channel)) {
            return;
        }
        Channel peer = peerOf(channel);
        if (peer != null && peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes both sides now. */
    void close() {
        downstream.close();
        if (upstream != null) {
            upstream.close();
        }
    }
}
