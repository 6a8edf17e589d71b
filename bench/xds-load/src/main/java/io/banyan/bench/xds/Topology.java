package io.banyan.bench.xds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The generated mesh: M services named {@code svc-0000}..., K instance addresses per service
 * ({@code 10.<s/256>.<s%256>.<k+1>:8080}), and N nodes. Node {@code i} is an instance of service {@code i mod M}
 * (its own inbound) and declares 5 to 10 upstreams (fewer when there are fewer other services), drawn without
 * repetition with a Zipf-like skew (weight {@code 1/(rank+1)}): a few services are called by most nodes, most by a
 * few, as in real meshes.
 */
public record Topology(List<String> services, List<List<String>> addresses, List<NodeSpec> nodes) {

    public static final int MIN_UPSTREAMS = 5;
    public static final int MAX_UPSTREAMS = 10;
    public static final int INSTANCE_PORT = 8080;

    public Topology {
        services = List.copyOf(services);
        addresses = addresses.stream().map(List::copyOf).toList();
        nodes = List.copyOf(nodes);
    }

    /** One node: its index, service and declared upstreams. */
    public record NodeSpec(int index, String service, List<String> upstreams) {
        public NodeSpec {
            upstreams = List.copyOf(upstreams);
        }

        public boolean declares(String name) {
            return upstreams.contains(name);
        }
    }

    public static Topology generate(int nodes, int services, int instancesPerService, long seed) {
        if (services > 65_536) {
            throw new IllegalArgumentException("services: " + services + " (expected: <= 65536)");
        }
        if (instancesPerService > 254) {
            throw new IllegalArgumentException("instancesPerService: " + instancesPerService + " (expected: <= 254)");
        }
        List<String> names = new ArrayList<>();
        List<List<String>> addresses = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            names.add(String.format("svc-%04d", s));
            List<String> instances = new ArrayList<>();
            for (int k = 0; k < instancesPerService; k++) {
                instances.add("10." + (s / 256) + "." + (s % 256) + "." + (k + 1) + ":" + INSTANCE_PORT);
            }
            addresses.add(instances);
        }
        Random random = new Random(seed);
        double[] cumulative = zipfCumulative(services);
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            String own = names.get(i % services);
            int wanted = Math.min(services - 1, MIN_UPSTREAMS + random.nextInt(MAX_UPSTREAMS - MIN_UPSTREAMS + 1));
            Set<String> upstreams = new LinkedHashSet<>();
            while (upstreams.size() < wanted) {
                String pick = names.get(draw(cumulative, random.nextDouble()));
                if (!pick.equals(own)) {
                    upstreams.add(pick);
                }
            }
            specs.add(new NodeSpec(i, own, new ArrayList<>(upstreams)));
        }
        return new Topology(names, addresses, specs);
    }

    /** How many nodes declare each service, by service index (the skew, for the report). */
    public int[] declarations() {
        int[] counts = new int[services.size()];
        for (NodeSpec node : nodes) {
            for (String upstream : node.upstreams()) {
                counts[services.indexOf(upstream)]++;
            }
        }
        return counts;
    }

    private static double[] zipfCumulative(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cumulative[rank] /= sum;
        }
        return cumulative;
    }

    private static int draw(double[] cumulative, double u) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
