package io.banyan.sidecar.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The protocol-upgrade meters of one listener: upgrades by type, open tunnels, bytes relayed through them. */
public final class UpgradeMeters {

    private final MeterRegistry registry;
    private final String listener;
    private final ConcurrentMap<String, Counter> upgrades = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Counter bytesToUpstream;
    private final Counter bytesToDownstream;

    UpgradeMeters(MeterRegistry registry, String listener) {
        this.registry = registry;
        this.listener = listener;
        Gauge.builder(MetricNames.TUNNELS_OPEN, open, AtomicInteger::get).tag("listener", listener).register(registry);
        this.bytesToUpstream = bytes("upstream");
        this.bytesToDownstream = bytes("downstream");
    }

    private Counter bytes(String to) {
        return Counter.builder(MetricNames.TUNNEL_BYTES).baseUnit("bytes").tags("listener", listener, "to", to)
                .register(registry);
    }

    /** Counts an accepted upgrade of {@code type} (the 101 passed) and one more open tunnel. */
    public void tunnelOpened(String type) {
        upgrades.computeIfAbsent(type, t -> Counter.builder(MetricNames.UPGRADES)
                .tags("listener", listener, "type", t).register(registry)).increment();
        open.incrementAndGet();
    }

    /** Counts a tunnel whose two connections have both closed. */
    public void tunnelClosed() {
        open.decrementAndGet();
    }

    /** The tunnels open now. */
    public int openTunnels() {
        return open.get();
    }

    public Counter bytesToUpstream() {
        return bytesToUpstream;
    }

    public Counter bytesToDownstream() {
        return bytesToDownstream;
    }
}
