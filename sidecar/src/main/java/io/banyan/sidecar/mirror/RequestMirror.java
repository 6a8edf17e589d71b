package io.banyan.sidecar.mirror;

import io.banyan.sidecar.mirror.compare.Answer;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * The shadow copies of one request (one per sampled mirror policy of its route), fed as its body goes up; and, when
 * some copy's answer is compared, the live answer as it goes down ({@link #offerResponse}), taken down once per
 * comparison setting by an {@link AnswerCapture} and handed to each copy's {@link ShadowPair}.
 */
public final class RequestMirror {

    private final List<ShadowRequest> shadows;
    /** The live answer's captures, one per distinct comparison (usually one); empty when nothing is compared. */
    private final List<AnswerCapture> live;
    /** For each capture of {@link #live}, the pairs that compare with it. */
    private final List<List<ShadowPair>> pairs;
    /** The caller's event loop: the comparisons run there, after what is being written to the caller has gone. */
    private final Executor loop;
    private boolean liveEnded;

    RequestMirror(List<ShadowRequest> shadows, List<AnswerCapture> live, List<List<ShadowPair>> pairs, Executor loop) {
        this.shadows = shadows;
        this.live = live;
        this.pairs = pairs;
        this.loop = loop;
    }

    /** A chunk of the request's body, before it goes up; the caller keeps it (each copy keeps a duplicate). */
    public void offer(HttpContent content) {
        for (int i = 0; i < shadows.size(); i++) {
            shadows.get(i).offer(content);
        }
    }

    /**
     * A part of the final answer the caller gets (its head, or a chunk of its body), before it goes down: shown, not
     * taken or changed. Informational answers and heads of retried tries are not shown.
     */
    public void offerResponse(HttpObject object) {
        if (liveEnded) {
            return;
        }
        for (int i = 0; i < live.size(); i++) {
            AnswerCapture capture = live.get(i);
            if (capture != null && capture.offer(object)) {
                liveEnded(i);
            }
        }
    }

    /**
     * The request ended, answered or not: copies still waiting for their body are dropped, sent ones go on; a live
     * answer not complete by now fails the comparisons.
     */
    public void requestEnded() {
        for (int i = 0; i < shadows.size(); i++) {
            shadows.get(i).requestEnded();
        }
        for (int i = 0; i < live.size(); i++) {
            liveEnded(i);
        }
        liveEnded = true;
    }

    /**
     * Hands the live answer over to its pairs in a task of the loop: reading a JSON body and comparing it (up to
     * {@code maxBodyBytes}) must not hold back the last chunk, which the exchange writes right after showing it.
     */
    private void liveEnded(int index) {
        AnswerCapture capture = live.get(index);
        if (capture == null) {
            return; // handed over already
        }
        live.set(index, null);
        capture.stop();
        List<ShadowPair> compared = pairs.get(index);
        loop.execute(() -> {
            Answer answer = capture.answer();
            capture.release();
            for (int i = 0; i < compared.size(); i++) {
                compared.get(i).live(answer);
            }
        });
    }
}
