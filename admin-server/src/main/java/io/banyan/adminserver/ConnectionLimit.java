package io.banyan.adminserver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the admin port's open connections against {@link AdminLimits#maxConnections()}: under it a connection is
 * served normally, in the next {@link AdminLimits#PROBE_CONNECTIONS} it gets only the open routes (probes and
 * scrapers), beyond those it is refused. Logs once when the limit is reached and once when the port is back under it. Thread-safe.
 */
final class ConnectionLimit {

    /** How an accepted connection is served. */
    enum Admission { NORMAL, PROBES_ONLY, REFUSED }

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean atLimit = new AtomicBoolean();
    private final Counter refused;

    ConnectionLimit(int max, MeterRegistry meters) {
        this.max = max;
        this.refused = meters.counter(AdminMetricNames.CONNECTIONS_REFUSED);
        Gauge.builder(AdminMetricNames.CONNECTIONS, open, AtomicInteger::get).register(meters);
    }

    int max() {
        return max;
    }

    /** Counts a new connection in; unless REFUSED, {@link #release()} must follow when it closes. */
    Admission admit() {
        int now = open.incrementAndGet();
        if (now <= max) {
            return Admission.NORMAL;
        }
        if (atLimit.compareAndSet(false, true)) {
            log.warn("admin API: connection limit reached ({} open, limit {}); further connections "
                    + "get only the open routes ({} more), then are refused", now - 1, max,
                    AdminLimits.PROBE_CONNECTIONS);
        }
        if (now <= max + AdminLimits.PROBE_CONNECTIONS) {
            return Admission.PROBES_ONLY;
        }
        open.decrementAndGet();
        refused.increment();
        return Admission.REFUSED;
    }

    void release() {
        int now = open.decrementAndGet();
        if (now < max && atLimit.compareAndSet(true, false)) {
            log.info("admin API: back under the connection limit ({} open, limit {}; {} connections "
                    + "refused since start)", now, max, (long) refused.count());
        }
    }
}
