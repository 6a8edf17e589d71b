package io.banyan.sidecar.diagnose;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Counts one cause of one service's failures and keeps its last few request ids; lock-free, any thread. */
final class CauseTally {

    private final String cause;
    private final AtomicLong count = new AtomicLong();
    private final AtomicReferenceArray<String> ids;
    private volatile Instant last;

    CauseTally(String cause, int idsKept) {
        this.cause = cause;
        this.ids = new AtomicReferenceArray<>(idsKept);
    }

    void add(String requestId, Instant at) {
        long number = count.getAndIncrement();
        last = at;
        if (requestId != null) {
            ids.set((int) (number % ids.length()), requestId);
        }
    }

    /** What it counted, read now (a failure counted meanwhile may show in one part and not yet the other). */
    CauseCount read() {
        long counted = count.get();
        List<String> newestFirst = new ArrayList<>(ids.length());
        for (long number = counted - 1; number >= 0 && number >= counted - ids.length(); number--) {
            String id = ids.get((int) (number % ids.length()));
            if (id != null && !newestFirst.contains(id)) {
                newestFirst.add(id);
            }
        }
        return new CauseCount(cause, counted, last, newestFirst);
    }
}
