package io.banyan.controlplane.store;

/**
 * The maps as one write sees them, by name. What a write reads through {@link #get} or {@link #remove} is what it
 * depends on: the etcd backend compares those entries in the write's transaction (and re-runs the write when another
 * replica changed one first); a {@link #put} is blind. A write that throws leaves nothing behind. A write is a
 * function of the maps only: on etcd it may run more than once (re-run after a lost race, or again in the next
 * transaction when it did not fit), and only its last run counts.
 */
interface StoreMaps {

    /** The value under {@code key} of {@code map} as this write sees it (its own changes included), or null. */
    String get(String map, String key);

    void put(String map, String key, String value);

    /** Removes {@code key}; returns the value it held (null: it was not there). */
    String remove(String map, String key);

    /**
     * The map itself as this write sees it, to read in order (sizes, first and last keys). On etcd these range reads
     * are not compared: what a write must not lose a race on, it reads with {@link #get}.
     */
    SortedView reading(String map);

    /** One map of these, for writes to a single map. */
    default MapWrite map(String map) {
        return new MapWrite(this, map);
    }

    /** The writes of one map. */
    record MapWrite(StoreMaps maps, String name) {

        String get(String key) {
            return maps.get(name, key);
        }

        void put(String key, String value) {
            maps.put(name, key, value);
        }

        String remove(String key) {
            return maps.remove(name, key);
        }
    }
}
