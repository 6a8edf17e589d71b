package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.MaglevSettings;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Envoy's Maglev: a lookup table of prime size (65537) filled by every endpoint in turn along its own
 * permutation (offset and skip from xxHash64 of {@code host:port} with seeds 0 and 1), heavier endpoints
 * taking a turn more often (Envoy's weighted Maglev); a request goes to {@code table[hash mod size]}.
 * Retries walk on through the table past tried endpoints; a request without a hash gets a random one.
 */
public final class Maglev implements LoadBalancer {

    private final List<Endpoint> endpoints;
    private final Endpoint[] unique;
    private final Endpoint[] table;
    private final RandomGenerator random;

    public Maglev(List<Endpoint> endpoints, MaglevSettings settings, RandomGenerator random) {
        this.endpoints = List.copyOf(endpoints);
        this.unique = this.endpoints.stream().distinct().toArray(Endpoint[]::new);
        this.random = random;
        this.table = unique.length == 0 ? new Endpoint[0] : build(unique, settings.tableSize());
    }

    private static Endpoint[] build(Endpoint[] endpoints, int size) {
        int n = endpoints.length;
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        long[] count = new long[n];
        double maxWeight = Arrays.stream(endpoints).mapToInt(Endpoint::weight).max().orElse(1);
        for (int i = 0; i < n; i++) {
            String name = endpoints[i].authority();
            offset[i] = Long.remainderUnsigned(XxHash64.hash(name, 0), size);
            skip[i] = Long.remainderUnsigned(XxHash64.hash(name, 1), size - 1) + 1;
        }
        Endpoint[] table = new Endpoint[size];
        int filled = 0;
        for (long iteration = 0; filled < size; iteration++) {
            for (int i = 0; i < n && filled < size; i++) {
                if (iteration * (endpoints[i].weight() / maxWeight) < count[i]) {
                    continue;
                }
                int slot;
                do {
                    slot = (int) ((offset[i] + skip[i] * next[i]) % size);
                    next[i]++;
                } while (table[slot] != null);
                table[slot] = endpoints[i];
                count[i]++;
                filled++;
            }
        }
        return table;
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
        int size = table.length;
        if (size == 0 || (!tried.isEmpty() && Tried.coversAll(tried, unique))) {
            return null;
        }
        int index = (int) Long.remainderUnsigned(hash, size);
        for (int i = 0; i < size; i++) {
            Endpoint owner = table[(index + i) % size];
            if (!Tried.contains(tried, owner)) {
                return owner;
            }
        }
        return null;
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }
}
