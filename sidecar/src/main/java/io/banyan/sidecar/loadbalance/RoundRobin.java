package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each endpoint in turn, as often as its weight says: the ring holds an endpoint once per unit of weight,
 * interleaved (round r takes every endpoint heavier than r), so equal weights give a plain rotation.
 * Endpoints the request already tried are skipped. A pick is one atomic increment; nothing is allocated.
 */
public final class RoundRobin implements LoadBalancer {

    private static final int MAX_RING = 4096;

    private final List<Endpoint> endpoints;
    private final Endpoint[] ring;
    private final AtomicInteger next = new AtomicInteger();

    public RoundRobin(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
        this.ring = ring(this.endpoints);
    }

    @Override
    public Endpoint pick(Collection<Endpoint> tried) {
        int n = ring.length;
        if (n == 0) {
            return null;
        }
        int start = next.getAndIncrement() & Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Endpoint candidate = ring[(start + i) % n];
            if (tried.isEmpty() || !tried.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Endpoint[] ring(List<Endpoint> endpoints) {
        long total = endpoints.stream().mapToLong(Endpoint::weight).sum();
        long scale = Math.max(1, (total + MAX_RING - 1) / MAX_RING);
        long maxWeight = endpoints.stream().mapToLong(e -> weight(e, scale)).max().orElse(0);
        List<Endpoint> ring = new ArrayList<>();
        for (long round = 0; round < maxWeight; round++) {
            for (Endpoint endpoint : endpoints) {
                if (weight(endpoint, scale) > round) {
                    ring.add(endpoint);
                }
            }
        }
        return ring.toArray(new Endpoint[0]);
    }

    private static long weight(Endpoint endpoint, long scale) {
        return Math.max(1, endpoint.weight() / scale);
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }
}
