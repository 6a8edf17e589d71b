package io.banyan.controlplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One typed map of the store: keys are strings, values are records stored as JSON. Every write is
 * committed (and synced) before the method returns, so an acknowledged write survives a crash.
 */
public final class DurableMap<V> {

    private final Store store;
    private final MVMap<String, String> map;
    private final ObjectMapper json;
    private final Class<V> type;

    DurableMap(Store store, MVMap<String, String> map, ObjectMapper json, Class<V> type) {
        this.store = store;
        this.map = map;
        this.json = json;
        this.type = type;
    }

    public Optional<V> get(String key) {
        String value = map.get(key);
        return value == null ? Optional.empty() : Optional.of(decode(key, value));
    }

    public List<V> values() {
        List<V> values = new ArrayList<>();
        map.forEach((key, value) -> values.add(decode(key, value)));
        return values;
    }

    public void put(String key, V value) {
        String encoded;
        try {
            encoded = json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + type.getSimpleName() + " '" + key + "'", e);
        }
        store.write(() -> map.put(key, encoded));
    }

    /** Removes the key; returns whether it was there. */
    public boolean remove(String key) {
        boolean[] removed = new boolean[1];
        store.write(() -> removed[0] = map.remove(key) != null);
        return removed[0];
    }

    private V decode(String key, String value) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt " + map.getName() + " entry '" + key + "' in " + store.file(), e);
        }
    }
}
