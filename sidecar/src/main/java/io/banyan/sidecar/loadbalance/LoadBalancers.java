package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbSettings;
import io.banyan.primitives.random.PerThreadRandom;
import io.banyan.primitives.time.Ticker;

import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/** Builds a cluster's balancer from its {@link LbSettings}. */
public final class LoadBalancers {

    private LoadBalancers() {
    }

    /** A balancer over {@code endpoints}, all of them healthy (as EDS delivers them today). */
    public static ZoneAwareBalancer create(LbSettings settings, List<Endpoint> endpoints, String localZone,
                                           Ticker ticker, RandomGenerator random) {
        return create(settings, endpoints, localZone, endpoint -> true, ticker, random);
    }

    /**
     * A balancer over {@code endpoints} whose health {@code healthy} tells (call
     * {@link ZoneAwareBalancer#healthChanged()} when its answers change). {@code random} must be safe for
     * concurrent use: {@link PerThreadRandom} in production, a seeded {@code Random} in tests.
     */
    public static ZoneAwareBalancer create(LbSettings settings, List<Endpoint> endpoints, String localZone,
                                           Predicate<Endpoint> healthy, Ticker ticker, RandomGenerator random) {
        EndpointLoads loads = new EndpointLoads(endpoints, ticker, settings.peakEwma());
        return new ZoneAwareBalancer(endpoints, healthy, localZone, settings, loads,
                subset -> algorithm(settings, subset, loads, random));
    }


    /** The bare algorithm of {@code settings} over {@code endpoints}, without zones or health. */
    public static LoadBalancer algorithm(LbSettings settings, List<Endpoint> endpoints, EndpointLoads loads,
                                         RandomGenerator random) {
        return switch (settings.algorithm()) {
            case ROUND_ROBIN -> new RoundRobin(endpoints);
            case RANDOM -> new WeightedRandom(endpoints, random);
            case LEAST_REQUEST -> new LeastRequest(endpoints, loads, settings.leastRequest(), random);
            case RING_HASH -> new RingHash(endpoints, settings.ringHash(), random);
            case MAGLEV -> new Maglev(endpoints, settings.maglev(), random);
            case PEAK_EWMA -> new PeakEwma(endpoints, loads, random);
        };
    }
}
