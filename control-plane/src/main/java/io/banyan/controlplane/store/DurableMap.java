package io.banyan.controlplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One typed map of the store: keys are strings, values are records stored as JSON. Every write is
 * committed (and synced, in a group commit) before the method returns, or before the future of its {@code *Later}
 * form completes, so an acknowledged write survives a crash; a write the store cannot take throws (or fails with)
 * {@link StoreUnavailableException} and changes nothing.
 */
public final class DurableMap<V> {

    /** The keys {@link #removeAll} removes in one etcd transaction (etcd's default limit is 128 operations). */
    static final int KEYS_PER_TRANSACTION = 100;

    private final Store store;
    private final String name;
    private final ObjectMapper json;
    private final Class<V> type;

    DurableMap(Store store, String name, ObjectMapper json, Class<V> type) {
        this.store = store;
        this.name = name;
        this.json = json;
        this.type = type;
    }

    /** The value under {@code key}; empty also when it was unreadable and the store recovers (it is dropped). */
    public Optional<V> get(String key) {
        String value = store.map(name).get(key);
        return value == null ? Optional.empty() : decode(key, value);
    }

    /** Every readable value (an unreadable one fails, or is dropped when the store recovers). */
    public List<V> values() {
        List<Map.Entry<String, String>> entries = store.map(name).entries();
        List<V> values = new ArrayList<>();
        for (Map.Entry<String, String> entry : entries) {
            decode(entry.getKey(), entry.getValue()).ifPresent(values::add);
        }
        return values;
    }

    public void put(String key, V value) {
        String encoded = encode(key, value);
        store.write(name, map -> {
            map.put(key, encoded);
            return null;
        });
    }

    /**
     * Puts now, without waiting for the disk: the future completes once the group commit that covers the write is
     * synced, or fails with it (nothing acknowledged). Callbacks chained on it run on the store's commit thread: they
     * must not block (use the {@code *Async} variants with an executor of your own).
     *
     * @throws StoreUnavailableException at once when the store takes no writes (nothing is applied)
     */
    public CompletableFuture<Void> putLater(String key, V value) {
        String encoded = encode(key, value);
        return store.writeLater(name, map -> {
            map.put(key, encoded);
            return null;
        });
    }

    /** The map's name in the store ({@code policies}, ...): what a {@link StoreFollower} is told. */
    public String name() {
        return name;
    }

    String encode(String key, V value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + type.getSimpleName() + " '" + key + "'", e);
        }
    }

    /**
     * Puts {@code value} only if {@code key} holds {@code expected} now (compared as decoded values); answers whether
     * it did. Exact across replicas: on etcd the write's transaction compares the key's revision, so of two replicas
     * replacing the same value only one succeeds (the other re-runs, sees the new value and answers false).
     */
    public boolean replace(String key, V expected, V value) {
        String encoded = encode(key, value);
        return store.write(name, map -> {
            String current = map.get(key);
            if (current == null || !parse(current).equals(Optional.of(expected))) {
                return false;
            }
            map.put(key, encoded);
            return true;
        });
    }

    /** Removes the key; returns whether it was there. */
    public boolean remove(String key) {
        return store.write(name, map -> map.remove(key) != null);
    }

    /** {@link #remove} without waiting for the disk, as {@link #putLater}; completes with whether it was there. */
    public CompletableFuture<Boolean> removeLater(String key) {
        return store.writeLater(name, map -> map.remove(key) != null);
    }

    /**
     * Removes the keys; returns how many this call removed (exact across replicas: two replicas removing the same key
     * count it once in total). One commit on the embedded store; on etcd one transaction per
     * {@value #KEYS_PER_TRANSACTION} keys (etcd bounds the operations of a transaction).
     */
    public int removeAll(Collection<String> keys) {
        return removeEach(keys).size();
    }

    /**
     * {@link #removeAll}, answering which of the keys this call removed (exact across replicas: a key another replica
     * removed first is not among them).
     */
    public Set<String> removeEach(Collection<String> keys) {
        List<String> copy = List.copyOf(keys);
        int chunk = store.replicated() ? KEYS_PER_TRANSACTION : Math.max(1, copy.size());
        Set<String> removed = new LinkedHashSet<>();
        for (int from = 0; from < copy.size(); from += chunk) {
            List<String> part = copy.subList(from, Math.min(copy.size(), from + chunk));
            removed.addAll(store.write(name, map -> part.stream().filter(key -> map.remove(key) != null).toList()));
        }
        return removed;
    }

    /** The stored text {@code value} of {@code key}, decoded (empty when unreadable and the store recovers). */
    /**
     * {@code value} (the stored text a {@link StoreFollower} is told) read as this map's type; empty when unreadable
     * (nothing is logged or dropped: the map's own entry is what counts).
     */
    public Optional<V> parse(String value) {
        try {
            return Optional.of(json.readValue(value, type));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    Optional<V> decode(String key, String value) {
        try {
            return Optional.of(json.readValue(value, type));
        } catch (JsonProcessingException e) {
            store.unreadable(name, key, e);
            remove(key); // recovering: dropped durably, so that the next start does not trip over it again
            return Optional.empty();
        }
    }
}
