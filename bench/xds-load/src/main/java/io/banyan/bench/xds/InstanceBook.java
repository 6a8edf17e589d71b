package io.banyan.bench.xds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The generator's record of every instance address: its id while registered, its weight, and whether a change of
 * it is on its way (one change per instance at a time, so that no two expectations contradict each other).
 */
public final class InstanceBook {

    /** One address. */
    public static final class Entry {
        private final String service;
        private final String address;
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile String id;
        private volatile int weight = 1;

        Entry(String service, String address) {
            this.service = service;
            this.address = address;
        }

        public String service() {
            return service;
        }

        public String address() {
            return address;
        }

        /** The instance id while registered, else empty. */
        public Optional<String> id() {
            return Optional.ofNullable(id);
        }

        public int weight() {
            return weight;
        }

        public void registered(String newId, int newWeight) {
            id = newId;
            weight = newWeight;
        }

        public void deregistered() {
            id = null;
        }

    }

    private final List<List<Entry>> byService = new ArrayList<>();
    private final List<Entry> all = new ArrayList<>();
    private final Map<String, Entry> byAddress = new HashMap<>();
    private final Map<String, AtomicBoolean> policyBusy = new HashMap<>();

    public InstanceBook(Topology topology) {
        for (int s = 0; s < topology.services().size(); s++) {
            List<Entry> entries = new ArrayList<>();
            for (String address : topology.addresses().get(s)) {
                Entry entry = new Entry(topology.services().get(s), address);
                entries.add(entry);
                all.add(entry);
                byAddress.put(address, entry);
            }
            byService.add(entries);
            policyBusy.put(topology.services().get(s), new AtomicBoolean());
        }
    }

    public List<Entry> all() {
        return all;
    }

    /** A free instance of service {@code s} at random, now marked busy; empty when all are busy. */
    public Optional<Entry> claim(int s, Random random) {
        List<Entry> entries = byService.get(s);
        int start = random.nextInt(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get((start + i) % entries.size());
            if (entry.busy.compareAndSet(false, true)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Claims the policy of {@code service}: false while a policy change of it is on its way. */
    public boolean claimPolicy(String service) {
        return policyBusy.get(service).compareAndSet(false, true);
    }

    /** Frees what {@code change} claimed. */
    public void release(Change change) {
        if (change.kind() == Change.Kind.POLICY) {
            policyBusy.get(change.service()).set(false);
        } else {
            byAddress.get(change.address()).busy.set(false);
        }
    }

    /** How many instances of service {@code s} are registered now. */
    public long registered(int s) {
        return byService.get(s).stream().filter(entry -> entry.id != null).count();
    }
}
