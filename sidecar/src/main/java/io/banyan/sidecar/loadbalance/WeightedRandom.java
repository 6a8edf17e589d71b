package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.random.PerThreadRandom;

import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/** An endpoint at random, as often as its weight says; retries avoid the endpoints already tried. */
public final class WeightedRandom implements LoadBalancer {

    private final List<Endpoint> endpoints;
    private final WeightedDraw draw;

    /** {@code random} must be safe for concurrent use: {@link PerThreadRandom} or a seeded Random. */
    public WeightedRandom(List<Endpoint> endpoints, RandomGenerator random) {
        this.endpoints = List.copyOf(endpoints);
        this.draw = new WeightedDraw(this.endpoints, random);
    }

    @Override
    public Endpoint pick(Collection<Endpoint> tried) {
        int index = draw.draw(tried);
        return index < 0 ? null : draw.endpoint(index);
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }
}
