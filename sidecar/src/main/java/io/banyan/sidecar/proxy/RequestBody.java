package io.banyan.sidecar.proxy;

import io.banyan.sidecar.resilience.ReplayBuffer;
import io.banyan.sidecar.upstream.UpstreamConnection;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.ArrayDeque;

/**
 * The request body on its way up: chunks go straight to the attempt's connection, wait while there is
 * none, and are kept for a retry up to the replay limit (counted by a {@link ReplayBuffer}); each new attempt's
 * connection gets retained duplicates of the kept chunks. Once a chunk does not fit nothing more is kept, and
 * what was kept either waits for the coming connection or, if it went up already, is let go. Owns every chunk it
 * holds until it is written or {@link #release()}d.
 */
final class RequestBody {

    private final ReplayBuffer replay;
    /** The chunks kept for a retry; {@code null} once keeping stopped, or when nothing is kept. */
    private ArrayDeque<HttpContent> kept;
    private ArrayDeque<HttpContent> pending;

    /** @param replayLimitBytes bytes kept for a retry; negative: keep nothing (the route never retries) */
    RequestBody(int replayLimitBytes) {
        if (replayLimitBytes >= 0) {
            this.replay = new ReplayBuffer(replayLimitBytes);
            this.kept = new ArrayDeque<>(4);
        } else {
            this.replay = null;
        }
    }

    /** The replay buffer's state, or {@code null} when nothing is kept. */
    ReplayBuffer replayState() {
        return replay;
    }

    /** One chunk from downstream; {@code upstream} is the attempt's connection, or {@code null} while there is none. */
    void accept(HttpContent content, UpstreamConnection upstream) {
        if (kept != null) {
            if (replay.add(content.content().readableBytes())) {
                kept.add(content);
                if (upstream != null) {
                    upstream.write(content.retainedDuplicate());
                }
                return;
            }
            if (upstream == null) {
                pending().addAll(kept); // nothing of the kept body went to the coming connection yet
            } else {
                releaseAll(kept); // all of it went up already; this request can no longer be retried
            }
            kept = null;
        }
        if (upstream == null) {
            pending().add(content);
        } else {
            upstream.write(content);
        }
    }

    /**
     * Writes (without flushing) all of the body seen so far to a new attempt's connection; {@code endIfUnkept}
     * adds an empty last chunk when the body was not kept (a stale connection's bodyless request, sent again).
     */
    void writeTo(UpstreamConnection upstream, boolean endIfUnkept) {
        if (kept != null) {
            for (HttpContent content : kept) {
                upstream.write(content.retainedDuplicate());
            }
        }
        if (pending != null) {
            HttpContent content;
            while ((content = pending.poll()) != null) {
                upstream.write(content);
            }
        }
        if (endIfUnkept && kept == null) {
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** Lets go of every chunk held. */
    void release() {
        if (pending != null) {
            releaseAll(pending);
        }
        if (kept != null) {
            releaseAll(kept);
            kept = null;
        }
    }

    private static void releaseAll(ArrayDeque<HttpContent> chunks) {
        HttpContent content;
        while ((content = chunks.poll()) != null) {
            content.release();
        }
    }

    private ArrayDeque<HttpContent> pending() {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        return pending;
    }
}
