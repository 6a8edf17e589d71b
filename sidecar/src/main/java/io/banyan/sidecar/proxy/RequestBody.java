package io.banyan.sidecar.proxy;

import io.banyan.sidecar.resilience.ReplayBuffer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.ArrayDeque;

/**
 * The request body on its way up: chunks go straight to the attempt's connection, wait while there is
 * none, and are kept for a retry up to the replay limit ({@link RequestReplay}). Owns every chunk it
 * holds until it is written or {@link #release()}d.
 */
final class RequestBody {

    private final RequestReplay replay;
    private ArrayDeque<HttpContent> pending;

    /** @param replayLimitBytes bytes kept for a retry; negative: keep nothing (the route never retries) */
    RequestBody(int replayLimitBytes) {
        this.replay = replayLimitBytes >= 0 ? new RequestReplay(replayLimitBytes) : null;
    }

    /** The replay buffer's state, or {@code null} when nothing is kept. */
    ReplayBuffer replayState() {
        return replay == null ? null : replay.buffer();
    }

    /** One chunk from downstream; {@code upstream} is the attempt's connection, or {@code null} while there is none. */
    void accept(HttpContent content, Channel upstream) {
        if (replay != null && replay.active()) {
            if (replay.keep(content)) {
                if (upstream != null) {
                    upstream.write(content.retainedDuplicate(), upstream.voidPromise());
                }
                return;
            }
            if (upstream == null) {
                replay.moveTo(pending()); // nothing of the kept body went to the coming connection yet
            } else {
                replay.release(); // all of it went up already; this request can no longer be retried
            }
        }
        if (upstream == null) {
            pending().add(content);
        } else {
            upstream.write(content, upstream.voidPromise());
        }
    }

    /**
     * Writes (without flushing) all of the body seen so far to a new attempt's connection; {@code endIfUnkept}
     * adds an empty last chunk when the body was not kept (a stale connection's bodyless request, sent again).
     */
    void writeTo(Channel upstream, boolean endIfUnkept) {
        if (replay != null) {
            replay.writeTo(upstream);
        }
        if (pending != null) {
            HttpContent content;
            while ((content = pending.poll()) != null) {
                upstream.write(content, upstream.voidPromise());
            }
        }
        if (endIfUnkept && (replay == null || !replay.active())) {
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
        }
    }

    /** Lets go of every chunk held. */
    void release() {
        if (pending != null) {
            HttpContent content;
            while ((content = pending.poll()) != null) {
                content.release();
            }
        }
        if (replay != null) {
            replay.release();
        }
    }

    private ArrayDeque<HttpContent> pending() {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        return pending;
    }
}
