package io.banyan.sidecar.proxy;

import io.banyan.sidecar.resilience.ReplayBuffer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;

import java.util.ArrayDeque;

/**
 * The request body kept for a retry, up to the replay limit: it owns the chunks it keeps and writes
 * retained duplicates to each attempt's connection. Once a chunk does not fit it keeps nothing more and
 * hands back what it held ({@link #moveTo}) or lets it go ({@link #release}).
 */
final class RequestReplay {

    private final ReplayBuffer buffer;
    private ArrayDeque<HttpContent> kept = new ArrayDeque<>(4);

    RequestReplay(int limitBytes) {
        this.buffer = new ReplayBuffer(limitBytes);
    }

    /** Whether chunks are still being kept. */
    boolean active() {
        return kept != null;
    }

    ReplayBuffer buffer() {
        return buffer;
    }

    /** Takes {@code content} over if it fits; false (the caller keeps it) when it does not or keeping stopped. */
    boolean keep(HttpContent content) {
        if (kept == null) {
            return false;
        }
        if (buffer.add(content.content().readableBytes())) {
            kept.add(content);
            return true;
        }
        return false;
    }

    /** Writes (without flushing) a retained duplicate of every kept chunk, in order. */
    void writeTo(Channel channel) {
        if (kept != null) {
            for (HttpContent content : kept) {
                channel.write(content.retainedDuplicate(), channel.voidPromise());
            }
        }
    }

    /** Stops keeping and appends the kept chunks (ownership included) to {@code pending}. */
    void moveTo(ArrayDeque<HttpContent> pending) {
        if (kept != null) {
            pending.addAll(kept);
            kept = null;
        }
    }

    /** Stops keeping and releases every kept chunk. */
    void release() {
        if (kept != null) {
            HttpContent content;
            while ((content = kept.poll()) != null) {
                content.release();
            }
            kept = null;
        }
    }
}
