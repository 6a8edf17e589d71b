package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;

import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Linkerd's balancer: power of two choices over the cost {@code peak-EWMA latency x (active requests + 1)}
 * (see {@link EndpointLoad}), so a slow or busy endpoint quickly loses traffic and wins it back as its
 * estimate decays. Weights set how often an endpoint is drawn; the comparison is Linkerd's, unweighted.
 */
public final class PeakEwma implements LoadBalancer {

    private final List<Endpoint> endpoints;
    private final EndpointLoads loads;
    private final EndpointLoad[] load;
    private final BestOfChoices choices;

    public PeakEwma(List<Endpoint> endpoints, EndpointLoads loads, RandomGenerator random) {
        this.endpoints = List.copyOf(endpoints);
        this.loads = loads;
        this.load = loads.of(this.endpoints);
        this.choices = new BestOfChoices(new WeightedDraw(this.endpoints, random), 2, this::cost);
    }

    private double cost(int index) {
        return load[index].peakEwmaCost();
    }

    @Override
    public Endpoint pick(Collection<Endpoint> tried) {
        return choices.pick(tried);
    }

    @Override
    public void onStart(Endpoint endpoint) {
        loads.onStart(endpoint);
    }

    @Override
    public void onEnd(Endpoint endpoint, long latencyNanos, boolean success) {
        loads.onEnd(endpoint, latencyNanos, success);
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }
}
