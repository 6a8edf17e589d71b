package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LeastRequestSettings;

import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Envoy's least request: draw {@code choiceCount} endpoints (2 by default) at random and send to the one
 * with fewer active requests. Weights enter twice: endpoints are drawn in proportion to their weight, and
 * the comparison is of {@code active ^ activeRequestBias / weight} (Envoy's active_request_bias; 0 ignores
 * load). Unlike Envoy, which switches to an EDF scheduler for unequal weights, this stays P2C; with no load
 * the costs tie and the weighted draw decides, so the weights' shares hold exactly.
 */
public final class LeastRequest implements LoadBalancer {

    private final List<Endpoint> endpoints;
    private final EndpointLoads loads;
    private final EndpointLoad[] load;
    private final double[] weight;
    private final double bias;
    private final BestOfChoices choices;

    public LeastRequest(List<Endpoint> endpoints, EndpointLoads loads, LeastRequestSettings settings,
                        RandomGenerator random) {
        this.endpoints = List.copyOf(endpoints);
        this.loads = loads;
        this.load = loads.of(this.endpoints);
        this.weight = this.endpoints.stream().mapToDouble(Endpoint::weight).toArray();
        this.bias = settings.activeRequestBias();
        this.choices = new BestOfChoices(new WeightedDraw(this.endpoints, random), settings.choiceCount(), this::cost);
    }

    private double cost(int index) {
        if (bias == 0) {
            return 0;
        }
        int active = load[index].active();
        return (bias == 1 ? active : Math.pow(active, bias)) / weight[index];
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
