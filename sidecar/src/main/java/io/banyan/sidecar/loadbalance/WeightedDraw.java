package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;

import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws an endpoint index at random in proportion to the endpoints' weights (uniformly when all weights are
 * equal), skipping tried endpoints: a few redraws, then a scan from a random start. Allocation-free.
 */
final class WeightedDraw {

    private static final int REDRAWS = 4;

    private final Endpoint[] endpoints;
    private final long[] cumulative;
    private final boolean uniform;
    private final RandomGenerator random;

    WeightedDraw(List<Endpoint> endpoints, RandomGenerator random) {
        this.endpoints = endpoints.toArray(new Endpoint[0]);
        this.random = random;
        this.cumulative = new long[this.endpoints.length];
        long total = 0;
        boolean same = true;
        for (int i = 0; i < this.endpoints.length; i++) {
            total += this.endpoints[i].weight();
            cumulative[i] = total;
            same &= this.endpoints[i].weight() == this.endpoints[0].weight();
        }
        this.uniform = same;
    }

    Endpoint endpoint(int index) {
        return endpoints[index];
    }

    int size() {
        return endpoints.length;
    }

    /** A random index not tried, or -1 when every endpoint was tried. */
    int draw(Collection<Endpoint> tried) {
        int n = endpoints.length;
        if (n == 0) {
            return -1;
        }
        for (int attempt = 0; attempt < REDRAWS; attempt++) {
            int index = draw();
            if (!Tried.contains(tried, endpoints[index])) {
                return index;
            }
        }
        int start = random.nextInt(n);
        for (int i = 0; i < n; i++) {
            int index = (start + i) % n;
            if (!tried.contains(endpoints[index])) {
                return index;
            }
        }
        return -1;
    }

    private int draw() {
        if (uniform) {
            return random.nextInt(endpoints.length);
        }
        long target = random.nextLong(cumulative[cumulative.length - 1]);
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > target) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
