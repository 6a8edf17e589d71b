package io.banyan.controlplane.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes to several maps of the store, written in one commit by {@link Store#commit}: all of them survive a crash,
 * or none. Values are encoded when they are added, so a value that cannot be encoded fails before anything is written.
 */
public final class StoreBatch {

    /** One change to one map. */
    interface Change {
        void apply(StoreMaps maps);
    }

    private final List<Change> changes = new ArrayList<>();

    public <V> StoreBatch put(DurableMap<V> map, String key, V value) {
        String encoded = map.encode(key, value);
        return add(maps -> maps.put(map.name(), key, encoded));
    }

    public StoreBatch remove(DurableMap<?> map, String key) {
        return add(maps -> maps.remove(map.name(), key));
    }

    StoreBatch add(Change change) {
        changes.add(change);
        return this;
    }

    void applyTo(StoreMaps maps) {
        for (Change change : changes) {
            change.apply(maps);
        }
    }
}
