package io.banyan.sidecar.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the codec, which would silently join a folded header line (obs-fold: a line starting with space
 * or tab) to the one before it, and finds the folds the codec is about to join. Every CR LF followed by a space or
 * tab in the bytes read is a candidate: the bytes before it go to the codec first, so that {@link RequestValidator}
 * (which hears every decoded message at once) has told whether the codec now awaits a request head. A candidate met
 * while a head is awaited is a fold of that head, and the validator refuses the head when it is decoded; one met
 * in a body is just body. Pipelined requests in one read are watched as well as the first, since the split follows
 * the codec's own framing rather than a guess of where a head starts.
 */
final class ObsFoldDetector extends ChannelInboundHandlerAdapter {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private boolean awaitingHead = true;
    private boolean folded;
    /** The last read ended with CR (1), CR LF (2), or neither (0): a fold may straddle two reads. */
    private int carry;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || !buf.isReadable() || folded) {
            ctx.fireChannelRead(msg);
            return;
        }
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int from = start;
        int candidate = firstCandidate(buf, start, end);
        while (candidate >= 0) {
            if (candidate > from) {
                ctx.fireChannelRead(buf.retainedSlice(from, candidate - from));
                from = candidate;
            }
            if (awaitingHead) {
                folded = true; // the codec is inside a head: the validator refuses it once decoded
                break;
            }
            candidate = nextCandidate(buf, candidate + 1, end);
        }
        carry = tail(buf, start, end);
        if (from == start) {
            ctx.fireChannelRead(buf);
        } else {
            ctx.fireChannelRead(buf.retainedSlice(from, end - from));
            buf.release();
        }
    }

    /** The first space or tab right after a CR LF in {@code [start, end)}, the CR LF possibly ending the last read. */
    private int firstCandidate(ByteBuf buf, int start, int end) {
        if (carry == 2 && blank(buf.getByte(start))) {
            return start;
        }
        if (carry == 1 && end - start >= 2 && buf.getByte(start) == LF && blank(buf.getByte(start + 1))) {
            return start + 1;
        }
        return nextCandidate(buf, start, end);
    }

    private static int nextCandidate(ByteBuf buf, int from, int end) {
        int index = from;
        while (index < end) {
            int lf = buf.indexOf(index, end, LF);
            if (lf < 0 || lf + 1 >= end) {
                return -1;
            }
            if (lf > buf.readerIndex() && buf.getByte(lf - 1) == CR && blank(buf.getByte(lf + 1))) {
                return lf + 1;
            }
            index = lf + 1;
        }
        return -1;
    }

    private int tail(ByteBuf buf, int start, int end) {
        byte last = buf.getByte(end - 1);
        if (last == CR) {
            return 1;
        }
        if (last == LF) {
            boolean crBefore = end - start >= 2 ? buf.getByte(end - 2) == CR : carry == 1;
            return crBefore ? 2 : 0;
        }
        return 0;
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Whether the head just decoded had a folded line; clears the finding. The codec is in its body now. */
    boolean takeFolded() {
        awaitingHead = false;
        boolean result = folded;
        folded = false;
        return result;
    }

    /** The request before ended: the codec awaits the next head. */
    void expectHead() {
        awaitingHead = true;
    }
}
