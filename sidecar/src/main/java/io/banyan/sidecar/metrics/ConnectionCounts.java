package io.banyan.sidecar.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upstream connections of one cluster's pools, for the pool gauges: {@value MetricNames#UPSTREAM_CONNECTIONS}
 * (open), {@value MetricNames#UPSTREAM_CONNECTIONS_ACTIVE} (carrying an exchange: an HTTP/1.1 connection lent out, an
 * HTTP/2 one with a stream open) and {@value MetricNames#UPSTREAM_CONNECTIONS_IDLE} (open, carrying nothing). Each
 * connection reports its own moves (open, busy, idle, closed), on its event loop; the counts are shared by all loops.
 */
public final class ConnectionCounts {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    /** The gauges, or {@code null} when exported nowhere. */
    private final ClusterGauges gauges;

    /** Counted but exported nowhere: for pools without a scrape endpoint (health probes, tests). */
    public ConnectionCounts() {
        gauges = null;
    }

    ConnectionCounts(MeterRegistry registry, String service) {
        gauges = new ClusterGauges(registry);
        gauges.add(Gauge.builder(MetricNames.UPSTREAM_CONNECTIONS, open, AtomicInteger::get).tag("service", service));
        gauges.add(Gauge.builder(MetricNames.UPSTREAM_CONNECTIONS_ACTIVE, active, AtomicInteger::get)
                .tag("service", service));
        gauges.add(Gauge.builder(MetricNames.UPSTREAM_CONNECTIONS_IDLE, this, ConnectionCounts::idle)
                .tag("service", service).strongReference(true));
    }

    /** The cluster is in the config (again): the gauges are registered. */
    void exported() {
        if (gauges != null) {
            gauges.register();
        }
    }

    /** The cluster left the config: the gauges are removed (connections still closing are counted on). */
    void unexported() {
        if (gauges != null) {
            gauges.remove();
        }
    }

    /** A connection opened (idle until it carries something). */
    public void opened() {
        open.incrementAndGet();
    }

    /** An open connection now carries an exchange (it was idle). */
    public void becameBusy() {
        active.incrementAndGet();
    }

    /** An open connection carries nothing any more (it was busy). */
    public void becameIdle() {
        active.decrementAndGet();
    }

    /** A connection closed; {@code busy}: it still carried something. */
    public void closed(boolean busy) {
        if (busy) {
            active.decrementAndGet();
        }
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    public int active() {
        return active.get();
    }

    public int idle() {
        return Math.max(0, open.get() - active.get());
    }
}
