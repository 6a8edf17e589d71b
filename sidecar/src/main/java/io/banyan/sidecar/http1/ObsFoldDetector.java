package io.banyan.sidecar.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;

/**
 * Sits before the codec, which would silently join a folded header line (obs-fold: a line starting with space
 * or tab) to the one before it, and watches the raw bytes of each request head for one. {@link RequestValidator}
 * takes the finding with the decoded head and tells when the next head starts. A head that arrives in the same
 * read as the end of the request before it (pipelining) is not watched: the codec's folding of it stays harmless
 * (one header, one value), it just is not refused.
 */
final class ObsFoldDetector extends ChannelInboundHandlerAdapter implements ByteProcessor {

    private static final int CRLFCRLF = ('\r' << 24) | ('\n' << 16) | ('\r' << 8) | '\n';
    private static final int CRLF = ('\r' << 8) | '\n';

    private boolean scanning = true;
    private boolean atStart = true;
    private boolean inHead;
    private int last;
    private boolean folded;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (scanning && msg instanceof ByteBuf buf && buf.isReadable()) {
            buf.forEachByte(this);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public boolean process(byte b) {
        if (atStart) {
            atStart = false;
            if ((b < 'A' || b > 'Z') && b != '\r' && b != '\n') {
                scanning = false; // not the start of a request line: the bytes of a pipelined request, leave them
                return false;
            }
        }
        if (!inHead) {
            if (b == '\r' || b == '\n') {
                return true; // empty lines before a request line are allowed (RFC 9112 section 2.2)
            }
            inHead = true;
        }
        if ((last & 0xFFFF) == CRLF && (b == ' ' || b == '\t')) {
            folded = true;
            scanning = false;
            return false;
        }
        last = (last << 8) | (b & 0xFF);
        if (last == CRLFCRLF) {
            scanning = false; // the end of the head: the body is not headers
            return false;
        }
        return true;
    }

    /** Whether the head now being decoded had a folded line; clears the finding. */
    boolean takeFolded() {
        boolean result = folded;
        folded = false;
        return result;
    }

    /** The request before ended: the next read starts a head. */
    void expectHead() {
        scanning = true;
        atStart = true;
        inHead = false;
        last = 0;
    }
}
