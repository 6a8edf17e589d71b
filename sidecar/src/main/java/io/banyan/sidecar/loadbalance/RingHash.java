package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.RingHashSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Envoy's ring hash (Ketama): every endpoint owns points on a 64-bit ring, as many as its share of the
 * weight; a request goes to the owner of the first point at or after its hash. Envoy sizes the ring so the
 * lightest endpoint gets {@code minRingSize x its share} points; here that count is rounded up to a power of
 * two, so that an endpoint leaving or joining rarely changes the others' points (with Envoy's exact sizing,
 * one of ten leaving moves about 8% of the other endpoints' keys too). The ring so holds between
 * minRingSize and 2 x minRingSize points, at most maxRingSize. Points are xxHash64 of {@code "host:port_i"}. Retries walk on along the ring past tried endpoints;
 * a request without a hash gets a random one.
 */
public final class RingHash implements LoadBalancer {

    private final List<Endpoint> endpoints;
    private final Endpoint[] unique;
    private final long[] points;
    private final Endpoint[] owners;
    private final RandomGenerator random;

    public RingHash(List<Endpoint> endpoints, RingHashSettings settings, RandomGenerator random) {
        this.endpoints = List.copyOf(endpoints);
        this.unique = this.endpoints.stream().distinct().toArray(Endpoint[]::new);
        this.random = random;
        List<Point> ring = build(unique, settings);
        ring.sort(Comparator.comparingLong(Point::key));
        this.points = ring.stream().mapToLong(Point::key).toArray();
        this.owners = ring.stream().map(Point::owner).toArray(Endpoint[]::new);
    }

    private record Point(long key, Endpoint owner) {
    }

    private static List<Point> build(Endpoint[] endpoints, RingHashSettings settings) {
        List<Point> ring = new ArrayList<>();
        if (endpoints.length == 0) {
            return ring;
        }
        double total = Arrays.stream(endpoints).mapToDouble(Endpoint::weight).sum();
        double minShare = Arrays.stream(endpoints).mapToDouble(e -> e.weight() / total).min().orElse(1);
        long lightest = (long) Math.ceil(settings.minRingSize() * minShare);
        long lightestRounded = lightest <= 1 ? 1 : Long.highestOneBit(lightest - 1) << 1;
        double scale = Math.min(lightestRounded / minShare, settings.maxRingSize());
        double target = 0;
        long placed = 0;
        for (Endpoint endpoint : endpoints) {
            target += scale * endpoint.weight() / total;
            for (int i = 0; placed < target; i++, placed++) {
                ring.add(new Point(unsigned(XxHash64.hash(endpoint.authority() + "_" + i)), endpoint));
            }
        }
        return ring;
    }

    /** Maps an unsigned 64-bit hash onto signed order. */
    private static long unsigned(long hash) {
        return hash ^ Long.MIN_VALUE;
    }

    @Override
    public Endpoint pick(Collection<Endpoint> tried) {
        return pick(random.nextLong(), tried);
    }

    @Override
    public Endpoint pick(PickContext context) {
        return pick(context.hashed() ? context.hash() : random.nextLong(), context.tried());
    }

    private Endpoint pick(long hash, Collection<Endpoint> tried) {
        int n = points.length;
        if (n == 0 || (!tried.isEmpty() && Tried.coversAll(tried, unique))) {
            return null;
        }
        int index = Arrays.binarySearch(points, unsigned(hash));
        index = index >= 0 ? index : -index - 1;
        for (int i = 0; i < n; i++) {
            Endpoint owner = owners[(index + i) % n];
            if (!Tried.contains(tried, owner)) {
                return owner;
            }
        }
        return null;
    }

    /** Points on the ring, for tests and the admin page. */
    public int ringSize() {
        return points.length;
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }
}
