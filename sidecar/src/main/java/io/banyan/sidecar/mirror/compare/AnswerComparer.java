package io.banyan.sidecar.mirror.compare;

import io.banyan.dataplane.config.ShadowCompare;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Compares two complete answers as a {@link ShadowCompare} says, in this order: the status (when compared), each
 * named header (equal values; absent on one side only differs), then the body: equal digests (exact), or equal JSON
 * trees ({@link JsonDiff}; a side that is not JSON is compared by its digest, and JSON against not-JSON differs).
 */
public final class AnswerComparer {

    private AnswerComparer() {
    }

    /** The first difference, or null when the answers are equal as compared. */
    public static Difference compare(ShadowCompare compare, Answer live, Answer shadow) {
        if (compare.status() && live.status() != shadow.status()) {
            return new Difference(Difference.STATUS, "");
        }
        List<String> names = compare.headers();
        for (int i = 0; i < names.size(); i++) {
            if (!Objects.equals(live.headers().get(i), shadow.headers().get(i))) {
                return new Difference(Difference.HEADER, names.get(i));
            }
        }
        return switch (compare.body()) {
            case NONE -> null;
            case EXACT -> MessageDigest.isEqual(live.digest(), shadow.digest()) ? null
                    : new Difference(Difference.BODY, "");
            case JSON -> jsonDifference(compare, live, shadow);
        };
    }

    private static Difference jsonDifference(ShadowCompare compare, Answer live, Answer shadow) {
        if (live.json() != null && shadow.json() != null) {
            String where = JsonDiff.firstDifference(live.json(), shadow.json(), compare);
            return where == null ? null : new Difference(Difference.BODY, where);
        }
        if (live.json() == null && shadow.json() == null && MessageDigest.isEqual(live.digest(), shadow.digest())) {
            return null;
        }
        return new Difference(Difference.BODY, "");
    }
}
