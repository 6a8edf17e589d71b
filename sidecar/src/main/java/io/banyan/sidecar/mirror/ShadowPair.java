package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.sidecar.metrics.ComparisonOutcome;
import io.banyan.sidecar.metrics.MirrorMeters;
import io.banyan.sidecar.mirror.compare.Answer;
import io.banyan.sidecar.mirror.compare.AnswerComparer;
import io.banyan.sidecar.mirror.compare.Difference;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The live answer and one shadow copy's answer of a request (the copy's taken down by its own {@link AnswerCapture}),
 * joined: once both are in, compared as the copy's policy says, and the outcome counted (meters and
 * {@link ShadowLedger}, with the difference as a sample); failed as soon as either side got no complete answer (what
 * the copy's capture kept is given back then); dropped when the copy never went. Resolved once; on the request's
 * event loop.
 */
final class ShadowPair {

    /** The longest request id and path a sample keeps. */
    static final int MAX_SAMPLE_CHARS = 256;
    private static final String REQUEST_ID = "x-request-id";

    private final ShadowCompare compare;
    private final AnswerCapture capture;
    private final String cluster;
    private final HttpRequest head;
    private final MirrorMeters meters;
    private final ShadowLedger ledger;
    private Answer live;
    private Answer shadow;
    private boolean shadowEnded;
    private boolean resolved;

    /**
     * @param capture takes down the copy's answer
     * @param head    the copy's request head, as it went up
     */
    ShadowPair(AnswerCapture capture, String cluster, HttpRequest head, MirrorMeters meters, ShadowLedger ledger) {
        this.compare = capture.compare();
        this.capture = capture;
        this.cluster = cluster;
        this.head = head;
        this.meters = meters;
        this.ledger = ledger;
    }

    /** The live side's complete answer; null: it got none. */
    void live(Answer answer) {
        if (answer == null) {
            resolve(ComparisonOutcome.FAILED, null);
            return;
        }
        live = answer;
        compareIfBoth();
    }

    /** A part of the copy's answer (the caller keeps it). */
    void offerShadow(HttpObject object) {
        if (!shadowEnded && capture.offer(object)) {
            shadowEnded(false);
        }
    }

    /**
     * The copy ended: its answer is complete (and compared), or it got none, or ({@code dropped}) it never went out.
     * Gives back what its capture kept.
     */
    void shadowEnded(boolean dropped) {
        if (shadowEnded) {
            return;
        }
        shadowEnded = true;
        Answer answer = capture.answer();
        capture.release();
        if (dropped) {
            if (!resolved) {
                resolved = true;
                ledger.dropped(cluster);
            }
        } else if (answer == null) {
            resolve(ComparisonOutcome.FAILED, null);
        } else {
            shadow = answer;
            compareIfBoth();
        }
    }

    private void compareIfBoth() {
        if (live == null || shadow == null || resolved) {
            return;
        }
        Difference difference = AnswerComparer.compare(compare, live, shadow);
        resolve(difference == null ? ComparisonOutcome.EQUAL : ComparisonOutcome.DIFFERENT, difference);
    }

    private void resolve(ComparisonOutcome outcome, Difference difference) {
        if (resolved) {
            return;
        }
        resolved = true;
        capture.release(); // nothing more of the copy's answer is needed
        meters.record(outcome);
        ledger.compared(cluster, outcome, difference == null ? null : sample(difference));
    }

    private ShadowDifference sample(Difference difference) {
        String requestId = head.headers().get(REQUEST_ID, "");
        String uri = head.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        return new ShadowDifference(cut(requestId), cut(head.method().name()), cut(path), live.status(), shadow.status(),
                difference.kind(), cut(difference.where()), ledger.nowMillis());
    }

    private static String cut(String text) {
        return text.length() <= MAX_SAMPLE_CHARS ? text : text.substring(0, MAX_SAMPLE_CHARS);
    }
}
